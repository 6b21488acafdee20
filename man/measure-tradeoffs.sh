#!/bin/sh
# Measures again the figures of the TRADE-OFFS section of nss-iana(8), with
# real programs resolving through the built module in a private mount
# namespace (tests/e2e/in-namespace.sh): "services: iana" with the build's
# index and no /etc/services, against "services: files" with SERVICES
# (Debian netbase's /etc/services) as /etc/services.  The nftables figures
# need nft, run in a private network namespace as well.  Needs root or
# user namespaces; changes nothing outside the namespaces.
#
#   man/measure-tradeoffs.sh BUILD_DIR SERVICES
set -eu
if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR SERVICES" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
services=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
in_namespace="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e/in-namespace.sh"
export NSS_IANA_INDEX="$build/services.idx"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

with_iana() { NO_ETC_SERVICES=1 sh "$in_namespace" "$build" iana "$@"; }
with_files() { ETC_SERVICES=$services sh "$in_namespace" "$build" files "$@"; }

cat >"$scratch/roundtrip.py" <<'EOF'
# Port -> name -> port through Python's socket module (glibc underneath).
import socket
for proto in ("tcp", "udp"):
    named, moved = 0, []
    for port in range(1, 65536):
        try:
            name = socket.getservbyport(port, proto)
        except OSError:
            continue
        named += 1
        back = socket.getservbyname(name, proto)
        if back != port:
            moved.append(f"{port}->{name}->{back}")
    print(f"  {proto}: {len(moved)} of {named} named ports come back as another;",
          " ".join(moved[:6]), "..." if len(moved) > 6 else "")
EOF
echo "Port -> name -> port, services: iana"
with_iana python3 "$scratch/roundtrip.py"
echo "Port -> name -> port, services: files ($services)"
with_files python3 "$scratch/roundtrip.py"

echo "Case: SSH, Http, DOMAIN"
for q in SSH Http DOMAIN; do
	printf '  %-7s iana: %-30s files: %s\n' "$q" \
		"$(with_iana getent services "$q" || echo "not found")" \
		"$(with_files getent services "$q" || echo "not found")"
done

echo "Names that start with a digit"
printf '  index: %s, %s: %s\n' \
	"$("$build/iana-services" dump | grep -v '^#' | awk '{ print $1 }' | sort -u | grep -c '^[0-9]' || true)" \
	"$services" "$(grep -v '^#' "$services" | awk 'NF { print $1 }' | sort -u | grep -c '^[0-9]' || true)"

echo "Enumeration"
printf '  getent services: %s lines; ranges:\n' "$(with_iana getent services | wc -l)"
"$build/iana-services" dump | grep '# ports' | sed 's/^/    /'

if ! command -v nft >/dev/null; then
	echo "nft not installed: the nftables figures are left out"
	exit 0
fi
cat >"$scratch/nft.sh" <<'EOF'
nft add table inet t
nft add chain inet t c '{ type filter hook input priority 0; }'
nft add rule inet t c tcp dport '{ 6010, 591, 85 }' accept
nft -S list ruleset >"$1/saved.nft"
echo "  nft -S list ruleset: $(grep dport "$1/saved.nft" | sed 's/^[[:space:]]*//')"
nft flush ruleset
nft -f "$1/saved.nft"
echo "  loaded back:         $(nft list ruleset | grep dport | sed 's/^[[:space:]]*//')"
nft flush ruleset
nft add table inet u
nft add chain inet u c
for rule in 'tcp dport 9pfs' 'tcp dport "9pfs"' 'udp dport 802-11-iapp' 'udp dport "802-11-iapp"' \
	'tcp dport SSH'; do
	if nft add rule inet u c $rule accept 2>/dev/null; then result=accepted; else result=refused; fi
	echo "  nft add rule ... $rule: $result"
done
EOF
echo "nftables, services: iana"
with_iana unshare --net sh "$scratch/nft.sh" "$scratch"
echo "nftables, services: files"
with_files unshare --net sh "$scratch/nft.sh" "$scratch" 2>/dev/null | grep 'SSH'
