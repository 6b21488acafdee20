#!/bin/sh
# Runs COMMAND as root in the root NEW_ROOT, in the private mount namespace
# this script is started in (unshare --mount): the root is bind-mounted
# onto itself, so that it is a mount point as the namespace tests need,
# with /proc, /dev and /sys of its own, an empty /run (no maintainer script
# reaches the host's systemd), and SHARED, when it exists, read-only at
# /work/shared beside the clone.
#   enter.sh NEW_ROOT SHARED COMMAND [ARG]...
set -eu
new_root=$1 shared=$2
shift 2
mount --make-rprivate /
mount --bind "$new_root" "$new_root"
mount -t proc proc "$new_root/proc"
mount --rbind /dev "$new_root/dev"
mount --rbind /sys "$new_root/sys"
mount -t tmpfs -o mode=755 tmpfs "$new_root/run"
mount -t tmpfs -o mode=1777 tmpfs "$new_root/tmp"
cp /etc/resolv.conf "$new_root/etc/resolv.conf"
if [ -d "$shared" ]; then
	mkdir -p "$new_root/work/shared"
	mount --bind -o ro "$shared" "$new_root/work/shared"
fi
exec chroot "$new_root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
	TERM=dumb CI="${CI:-}" "$@"
