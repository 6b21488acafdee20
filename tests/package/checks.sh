#!/bin/sh
# Inside the throwaway root of tests/package/throwaway-root.sh: what an
# administrator meets installing, using, upgrading, removing and purging
# the packages in /tmp/debs (the build's, and the "~earlier" and "+later"
# versions repack.sh made of them).
#   checks.sh "Registry:      updated YYYY-MM-DD" VERSION
# (what info must show of the packaged registry; the build's version)
set -eu
# shellcheck source-path=SCRIPTDIR source=../e2e/common.sh
. /tmp/common.sh
registry_line=$1 version=$2
debs=/tmp/debs
nsswitch=/etc/nsswitch.conf
state=/var/lib/nss-iana/services.idx
pristine=/usr/share/nss-iana/services.idx
state_descriptions=/var/lib/nss-iana/services.descriptions
pristine_descriptions=/usr/share/nss-iana/services.descriptions
traditional=/usr/share/nss-iana/traditional-services

package() { # NAME [VERSION]: the build's package, or another version of it
	echo "$debs/${1}_${2:-$version}_$(dpkg --print-architecture).deb"
}
module_deb=$(package libnss-iana) tool_deb=$(package iana-services)

# dpkg as an administrator runs it, manual pages included even where the
# host's dpkg configuration leaves them out.
dpkg_run() {
	if ! dpkg --path-include='/usr/share/man/*' "$@" >/tmp/dpkg.log 2>&1; then
		cat /tmp/dpkg.log
		echo "FAIL: dpkg $*"
		exit 1
	fi
}
services_line() { grep '^services:' "$nsswitch" || true; }
# The host's nsswitch.conf with its services: line replaced, kept in
# /tmp/nsswitch.before to compare with after a removal.
use_services_line() { # LINE
	awk -v line="$1" '/^services:/ { print line; next } { print }' /etc/nsswitch.conf >/tmp/nsswitch.new
	grep -q '^services:' /tmp/nsswitch.new || printf '%s\n' "$1" >>/tmp/nsswitch.new
	cat /tmp/nsswitch.new >"$nsswitch"
	cp "$nsswitch" /tmp/nsswitch.before
}
check_file() { # WHAT CONDITION... (a test(1) expression)
	what=$1
	shift
	if test "$@"; then check "$what" yes yes; else check "$what" no yes; fi
}
nsswitch_restored() { # WHAT
	if cmp -s /tmp/nsswitch.before "$nsswitch"; then
		check "$1: nsswitch.conf byte-identical to before" yes yes
	else
		check "$1: nsswitch.conf byte-identical to before" "$(services_line)" \
			"$(grep '^services:' /tmp/nsswitch.before)"
	fi
}
answer() { getent services "$1" || echo "exit $?"; }
same_file() { cmp -s "$1" "$2" && echo same || echo different; }

# A root without the packages and without an index from elsewhere (the
# host may have either).
dpkg --purge libnss-iana iana-services >/dev/null 2>&1 || true
rm -rf /var/lib/nss-iana /usr/lib/*/libnss_iana.so.2

echo "== install: the services line gains iana, the module answers"
use_services_line "services:       db files"
dpkg_run -i "$tool_deb" "$module_deb"
check "services line" "$(services_line)" "services:       db files iana"
rm -f /etc/services /var/lib/misc/services.db
check "getent services ollama" "$(answer ollama)" "ollama                11434/tcp"
check "getent services http" "$(answer http)" "http                  80/tcp www"
check "getent services 6005/tcp" "$(answer 6005/tcp)" "x11-5                 6005/tcp"
check "iana-services info" "$(iana-services info | grep '^Registry:')" "$registry_line"
check "iana-services verify" "$(iana-services verify >/dev/null && echo sound)" sound
check "the index in place is the pristine copy" "$(same_file "$state" "$pristine")" same
check "no package owns the index" "$(dpkg -S "$state" 2>/dev/null || echo none)" none
check "the descriptions file beside it is the pristine one" \
	"$(same_file "$state_descriptions" "$pristine_descriptions")" same
check "no package owns the descriptions file" \
	"$(dpkg -S "$state_descriptions" 2>/dev/null || echo none)" none
while read -r page found; do
	check "man -w $page" "$(man -w "$page" 2>&1 | sed 's|^/usr/share/man/||')" "$found"
done <<'PAGES'
nss-iana man8/nss-iana.8.gz
libnss_iana.so.2 man8/nss-iana.8.gz
iana-services man1/iana-services.1.gz
nss-iana-index man5/nss-iana-index.5.gz
PAGES

echo "== the update units: installed, not enabled, naming installed files"
# Where this release's systemd reads units (pkg-config comes with the
# build dependencies): /lib/systemd/system on Debian 12, /usr/lib/... on 13.
unit_dir=$(pkg-config --variable=systemdsystemunitdir systemd)
check "the units are where systemd reads them" \
	"$(dpkg -L iana-services | grep '/nss-iana-update\.service$')" "$unit_dir/nss-iana-update.service"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit_dir/nss-iana-update.service")
check "ExecStart" "$exec_start" "/usr/bin/iana-services update --quiet --local $traditional"
check_file "the --local file of ExecStart is installed" -s "$traditional"
check_file "the timer is installed" -f "$unit_dir/nss-iana-update.timer"
check_file "the timer is not enabled" ! -e /etc/systemd/system/timers.target.wants/nss-iana-update.timer
if command -v systemd-analyze >/dev/null; then
	check "systemd-analyze verify" \
		"$(systemd-analyze verify "$unit_dir/nss-iana-update.service" "$unit_dir/nss-iana-update.timer" 2>&1)" ""
fi

echo "== remove: the line is back as it was, the module no longer answers"
dpkg_run -r libnss-iana iana-services
nsswitch_restored "dpkg -r"
check "getent services ollama" "$(answer ollama)" "exit 2"
check_file "the module is gone" -z "$(ls /usr/lib/*/libnss_iana.so.2 2>/dev/null)"
check_file "the index stays until purge" -f "$state"
check_file "its descriptions file stays until purge" -f "$state_descriptions"

echo "== reinstall, then purge: /var/lib/nss-iana goes"
dpkg_run -i "$tool_deb" "$module_deb"
check "services line" "$(services_line)" "services:       db files iana"
dpkg_run -P libnss-iana iana-services
nsswitch_restored "dpkg -P"
check_file "the descriptions file purged" ! -e "$state_descriptions"
check_file "/var/lib/nss-iana purged" ! -e /var/lib/nss-iana

echo "== line shapes: after the last source, before a comment, and back"
dpkg_run -i "$tool_deb"
while IFS='|' read -r before after; do
	use_services_line "$before"
	dpkg_run -i "$module_deb"
	check "'$before' installed" "$(services_line)" "$after"
	dpkg_run -r libnss-iana
	nsswitch_restored "'$before' removed"
done <<'SHAPES'
services: files|services: files iana
services:	files # local comment|services:	files iana # local comment
services:       db files    # netbase's file first|services:       db files iana    # netbase's file first
services: files [NOTFOUND=return] # stop at the file|services: files [NOTFOUND=return] iana # stop at the file
services: files#tight|services: files iana#tight
SHAPES
dpkg_run -P libnss-iana iana-services

echo "== upgrades: an earlier pristine index is replaced, an updated one kept"
use_services_line "services:       db files"
dpkg_run -i "$(package iana-services "$version~earlier")"
check "the earlier pristine index in place" "$(same_file "$state" "$pristine")" same
check "the earlier index answers" "$(iana-services lookup earlier-service)" "earlier-service       4711/tcp"
dpkg_run -i "$tool_deb" "$module_deb"
check "upgraded: the new pristine index in place" "$(same_file "$state" "$pristine")" same
check "upgraded: the earlier index is gone" "$(iana-services lookup earlier-service 2>/dev/null || echo "exit $?")" "exit 1"
printf 'Service Name,Port Number,Transport Protocol\nupdated-service,4712,tcp\n' >/tmp/updated.csv
iana-services update --quiet --force --file /tmp/updated.csv --local "$traditional"
cp "$state" /tmp/updated.idx
check "updated: the descriptions file is the new registry's" \
	"$(sed -n 's/^# source: //p' "$state_descriptions")" updated.csv
check "updated index answers" "$(answer updated-service)" "updated-service       4712/tcp"
# An administrator's own placement of iana.
use_services_line "services:       iana db files"
dpkg_run -i "$tool_deb" "$module_deb"
check "same version again: the updated index kept" "$(same_file "$state" /tmp/updated.idx)" same
check "same version again: the moved line kept" "$(services_line)" "services:       iana db files"
dpkg_run -i "$(package iana-services "$version+later")" \
	"$(package libnss-iana "$version+later")"
check "later version: the updated index kept" "$(same_file "$state" /tmp/updated.idx)" same
check "later version: the moved line kept" "$(services_line)" "services:       iana db files"
check "the module answers from the kept index" "$(answer updated-service)" "updated-service       4712/tcp"
dpkg_run -P libnss-iana iana-services
check "purged: iana taken from where it was" "$(services_line)" "services:       db files"
check_file "/var/lib/nss-iana purged" ! -e /var/lib/nss-iana

if [ "$failures" != 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "all package checks passed"
