/*
 * Fuzz target: the XML registry parser and the compiler behind it.  Beyond
 * not crashing, whatever they accept must serialize into an index that
 * index_verify accepts (the tool refuses to install anything else), and
 * whatever they refuse must say why.
 */
#include "fuzz_target.h"
#include "registry_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_registry_parser(registry_parse_xml, "fuzz_xml", data, size);
	return 0;
}
