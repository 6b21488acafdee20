/*
 * Fuzz target: the registry snapshot reader and the compiler behind it,
 * with the same promises as fuzz_xml (see registry_check.h).
 */
#include "fuzz_target.h"
#include "registry_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_registry_parser(registry_parse_snapshot, "fuzz_snapshot", data, size);
	return 0;
}
