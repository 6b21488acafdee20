# shellcheck shell=sh
# Sourced by the update and diff tests: sets xml and csv to IANA's 2026 XML
# and 2024 CSV in SHARED_REGISTRY_DIR when both are there, else to
# stand-ins made from the project's snapshot in $work/registry
# (registry_copies.py); registry_dir is their directory.  Also brings the
# end-to-end tests' oracle_fact (the model's facts of a registry).
# shellcheck source=../e2e/common.sh
. "$here/../e2e/common.sh"
registry_dir=$SHARED_REGISTRY_DIR
xml=$registry_dir/service-names-port-numbers.xml
csv=$registry_dir/service-names-port-numbers-2024-06.csv
if [ ! -r "$xml" ] || [ ! -r "$csv" ]; then
	registry_dir=$work/registry
	"$PYTHON" "$here/registry_copies.py" "$REGISTRY_SNAPSHOT" "$registry_dir"
	xml=$registry_dir/service-names-port-numbers.xml
	csv=$registry_dir/service-names-port-numbers-2024-06.csv
fi
