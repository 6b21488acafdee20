#!/bin/sh
# Another version of a built package, to upgrade from or to: the version
# with SUFFIX appended ("~earlier" sorts before it, "+later" after), an
# exact dependency on a package of the same source moved along with it,
# and, given INDEX, that file as the pristine index.
#   repack.sh DEB OUTDIR SUFFIX [INDEX]
set -eu
deb=$1 out=$2 suffix=$3 index=${4:-}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
dpkg-deb -R "$deb" "$scratch/tree"
version=$(dpkg-deb -f "$deb" Version)
new_version="$version$suffix"
sed -i -e "s/^Version: .*/Version: $new_version/" -e "s/(= $version)/(= $new_version)/g" \
	"$scratch/tree/DEBIAN/control"
if [ -n "$index" ]; then
	cp "$index" "$scratch/tree/usr/share/nss-iana/services.idx"
	(cd "$scratch/tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' |
		sort -z | xargs -0 md5sum) >"$scratch/tree/DEBIAN/md5sums"
fi
name="$(dpkg-deb -f "$deb" Package)_${new_version}_$(dpkg-deb -f "$deb" Architecture).deb"
dpkg-deb --root-owner-group -b "$scratch/tree" "$out/$name" >/dev/null
