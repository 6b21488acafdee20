#!/bin/sh
# "services: iana" with Debian's /etc/services as a local overlay answers
# every query nss_files answers from that file identically, through glibc.
set -eu
registry="$SHARED_REGISTRY_DIR/service-names-port-numbers.xml"
for f in "$registry" "$NETBASE"; do
	if [ ! -r "$f" ]; then
		echo "SKIP: $f is not readable: the shared registry copies are needed" >&2
		exit 77
	fi
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$TOOL" build --quiet --local "$NETBASE" --output "$scratch/services.idx" "$registry"
"$PYTHON" "$COMPARE" "$NETBASE" --glibc "$BUILD_DIR" --index "$scratch/services.idx" --min-share 1
