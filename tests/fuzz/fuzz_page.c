/*
 * Fuzz target: the reader of saved registry pages and the compiler behind
 * it, with the same promises as fuzz_xml (see registry_check.h): whatever
 * it accepts serializes into a sound index, whatever it refuses says why,
 * on a line inside the input.
 */
#include "fuzz_target.h"
#include "registry_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_registry_parser(registry_parse_page, "fuzz_page", data, size);
	return 0;
}
