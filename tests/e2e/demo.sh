#!/bin/sh
# The main job: with the index just built from the registry, show getent
# answering through libnss_iana.so.2 ("services: iana") in a private mount
# namespace.  Nothing on the system changes.
#   demo.sh BUILD_DIR
set -eu
build_dir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
export NSS_IANA_INDEX="$build_dir/services.idx"

"$build_dir/iana-services" info
echo
run() {
	echo "\$ getent services $*"
	sh "$here/in-namespace.sh" "$build_dir" iana getent services "$@"
}
run 5162/tcp
run interhdl_elmd
run https
run 6005/tcp
run xmpp-client
echo "\$ getent services | wc -l"
sh "$here/in-namespace.sh" "$build_dir" iana getent services | wc -l
