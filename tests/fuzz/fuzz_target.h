/*
 * The entry point every fuzz target defines.  libFuzzer calls it with each
 * input it tries; replay_main.c calls it with each file named on its
 * command line, so the seed corpora and the regression inputs run in the
 * ordinary builds too.  A target returns 0, and aborts on a broken promise
 * so that the fuzzer records the input.
 */
#ifndef NSS_IANA_FUZZ_TARGET_H
#define NSS_IANA_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
