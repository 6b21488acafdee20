#!/bin/sh
# "services: iana" with Debian's /etc/services as a local overlay answers
# every query nss_files answers from that file identically, through glibc,
# on the full registry (IANA's XML beside the project, else the snapshot).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
registry=$(full_registry)
if [ ! -r "$NETBASE" ]; then
	echo "SKIP: $NETBASE is not readable: Debian netbase's /etc/services is needed," \
		"as this machine's netbase installed it or netbase 6.4's beside the project" >&2
	exit 77
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$TOOL" build --quiet --local "$NETBASE" --output "$scratch/services.idx" "$registry"
"$PYTHON" "$COMPARE" "$NETBASE" --glibc "$BUILD_DIR" --index "$scratch/services.idx" --min-share 1
