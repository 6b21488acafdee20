#!/bin/sh
# NSS_IANA_INDEX is ignored in setuid programs.  A setuid-root program run by
# an unprivileged user, with the variable pointing at a crafted index, must
# answer from the default index; the same program without the setuid bit
# must answer from the crafted one (so the variable is not ignored for
# everybody).  Under AT_SECURE glibc loads NSS modules only from its
# trusted directories and ignores LD_LIBRARY_PATH, so the module and the
# default index are put in place with overlay mounts in a private mount
# namespace, which disappear with it.
set -eu
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root, to make a setuid-root program and mount overlays" >&2
	exit 77
fi
if ! unshare --mount true 2>/dev/null; then
	echo "SKIP: this machine refuses a private mount namespace" >&2
	exit 77
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
chmod 755 "$scratch"
for which in default:2222 crafted:1111; do
	printf 'Service Name,Port Number,Transport Protocol\nprobe-service,%s,tcp\n' "${which#*:}" \
		>"$scratch/${which%:*}.csv"
	"$TOOL" build --quiet --output "$scratch/${which%:*}.idx" "$scratch/${which%:*}.csv"
done
chmod 644 "$scratch"/*.idx

cat >"$scratch/inside.sh" <<'INSIDE'
set -eu
scratch=$1
mount --make-rprivate /
mkdir "$scratch/t"
mount -t tmpfs -o mode=755 tmpfs "$scratch/t"
cd "$scratch/t"
mkdir lib lib.work var var.work bin "var/$(basename "$(dirname "$DEFAULT_INDEX")")"
cp "$MODULE" lib/libnss_iana.so.2
mount -t overlay overlay -o "lowerdir=$MODULE_DIR,upperdir=$scratch/t/lib,workdir=$scratch/t/lib.work" "$MODULE_DIR"
index_parent=$(dirname "$(dirname "$DEFAULT_INDEX")")
cp "$scratch/default.idx" "var/$(basename "$(dirname "$DEFAULT_INDEX")")/$(basename "$DEFAULT_INDEX")"
mount -t overlay overlay -o "lowerdir=$index_parent,upperdir=$scratch/t/var,workdir=$scratch/t/var.work" "$index_parent"
printf 'services: iana\n' >"$scratch/t/nsswitch.conf"
mount --bind "$scratch/t/nsswitch.conf" /etc/nsswitch.conf
cp "$PROBE" bin/probe-setuid
cp "$PROBE" bin/probe-plain
chown root:root bin/probe-setuid
chmod 4755 bin/probe-setuid
chmod 755 bin/probe-plain
for probe in probe-setuid probe-plain; do
	printf '%s: ' "$probe"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env -i "NSS_IANA_INDEX=$scratch/crafted.idx" "$scratch/t/bin/$probe"
done
INSIDE

out=$(unshare --mount sh "$scratch/inside.sh" "$scratch")
echo "$out"
expected="probe-setuid: secure=1 port=2222
probe-plain: secure=0 port=1111"
if [ "$out" != "$expected" ]; then
	echo "FAIL: expected:"
	echo "$expected"
	exit 1
fi
echo "ok: the setuid program answered from $DEFAULT_INDEX, ignoring NSS_IANA_INDEX"
