#!/bin/sh
# Runs CHECKS as root in a throwaway root: an overlay over / whose upper
# layer is a tmpfs, with the packages of WORKDIR/debs in /tmp/debs.  Run it
# in a private mount namespace (unshare --mount): every mount, and every
# file written under the overlay, goes when the namespace does.  /run is
# empty in there, so that no maintainer script reaches the host's systemd.
#   throwaway-root.sh WORKDIR CHECKS [ARG]...
set -eu
work=$1 checks=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
mount --make-rprivate /
layers="$work/layers"
mkdir -p "$layers"
mount -t tmpfs -o mode=755 tmpfs "$layers"
mkdir "$layers/upper" "$layers/work" "$layers/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$layers/upper,workdir=$layers/work" "$layers/root"
new_root="$layers/root"
mount -t proc proc "$new_root/proc"
mount --rbind /dev "$new_root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$new_root/tmp"
mount -t tmpfs -o mode=755 tmpfs "$new_root/run"
mkdir "$new_root/tmp/debs"
cp "$work/debs"/*.deb "$new_root/tmp/debs/"
cp "$checks" "$new_root/tmp/checks.sh"
cp "$here/../e2e/common.sh" "$new_root/tmp/common.sh"
chroot "$new_root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
	DEBIAN_FRONTEND=noninteractive sh /tmp/checks.sh "$@"
