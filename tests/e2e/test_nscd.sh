#!/bin/sh
# Debian's nscd caching services in front of the module, started by this
# test in a private mount namespace ("services: iana", an empty
# /etc/services, a private configuration, socket and cache directory):
#   1. every query the default index answers -- each name and alias with
#      and without its protocol, each port with and without -- gets through
#      nscd exactly the answer the module gives without nscd;
#   2. after the index is rebuilt (renamed over), nscd keeps answering
#      what it cached; queries it has not cached see the new index, which
#      the module inside nscd has reloaded by itself;
#   3. after "nscd -i services" every answer is the new index's, again
#      identical to the module's without nscd.
# The programs asking nscd have NSS_IANA_INDEX naming no file: their own
# copy of the module cannot answer, so every answer they get is nscd's.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
registry=$(full_registry)
traditional="$here/../../data/traditional-services"
python=${PYTHON:-python3}
# nscd keeps an answer this long; far longer than the test runs.
time_to_live=3600

if [ "${1:-}" != --inside ]; then
	export PATH="$PATH:/usr/sbin:/sbin"
	if ! command -v nscd >/dev/null; then
		# .ci/deps installs it with the machine-wide daemon kept stopped.
		echo "SKIP: nscd is not installed (Debian package nscd; the test starts its own" \
			"in a private mount namespace and needs only the program)" >&2
		exit 77
	fi
	if [ ! -r "$BUILD_DIR/services.idx" ]; then
		echo "FAIL: no index $BUILD_DIR/services.idx: the build's 'index' target makes it"
		exit 1
	fi
	if [ "$(id -u)" != 0 ]; then
		# nscd runs as root to accept "nscd -i"; so does this test.
		echo "SKIP: the nscd test runs as root only" >&2
		exit 77
	fi
	NO_ETC_SERVICES=1 exec sh "$here/in-namespace.sh" "$BUILD_DIR" iana sh "$0" --inside
fi

# --- inside the namespace ---------------------------------------------------

scratch=$(mktemp -d)
nscd_pid=""
# Stops our nscd, by its pid, and reaps it: SIGTERM, then SIGKILL if it has
# not exited within five seconds.
stop_nscd() {
	if [ -z "$nscd_pid" ]; then
		return
	fi
	kill "$nscd_pid" 2>/dev/null || true
	tries=0
	while [ $tries -lt 50 ] && [ -r "/proc/$nscd_pid/stat" ] &&
		[ "$(sed 's/.*) \(.\).*/\1/' "/proc/$nscd_pid/stat" 2>/dev/null)" != Z ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	kill -KILL "$nscd_pid" 2>/dev/null || true
	wait "$nscd_pid" 2>/dev/null || true
	nscd_pid=""
}
trap 'stop_nscd; rm -rf "$scratch"' EXIT
trap 'exit 1' INT TERM HUP
index="$scratch/services.idx"
cp "$BUILD_DIR/services.idx" "$index"
nobody_index="$scratch/no-such-index"

# An empty directory of this namespace only over DIR; when DIR does not
# exist, a tmpfs over its parent (so nothing is created on the host).
private_directory() { # DIR
	if [ -d "$1" ]; then
		mkdir -p "$scratch/mounts$1"
		mount --bind "$scratch/mounts$1" "$1"
	else
		mount -t tmpfs tmpfs "$(dirname "$1")"
		mkdir "$1"
	fi
}

# getservbyname_r/getservbyport_r through glibc for each query, one answer
# line each ("-" for none), with NSS_IANA_INDEX=INDEX.
libc_answers() { # INDEX QUERIES ANSWERS
	NSS_IANA_INDEX="$1" "$python" "$here/netbase_compare.py" --answer-with-libc <"$2" >"$3"
}

# Compares two answer files for the same queries, naming the first few
# queries whose answers differ.
check_same_answers() { # WHAT QUERIES GOT EXPECTED
	count=$(wc -l <"$2")
	if cmp -s "$3" "$4"; then
		check "$1" "the same $count answers" "the same $count answers"
		return
	fi
	check "$1" "$(paste "$3" "$4" | awk -F'\t' '$1 != $2' | wc -l) of $count answers differ" \
		"the same $count answers"
	paste "$2" "$3" "$4" | awk -F'\t' '$4 != $5 {
		printf "  %s %s%s: got %s; expected %s\n", $1, $2, ($3 == "" ? "" : "/" $3), $4, $5
	}' | head -10
}

getent_says() { # QUERY: getent's answer, asking nscd, or "not found"
	status=0
	NSS_IANA_INDEX="$nobody_index" getent services "$1" >"$scratch/out" || status=$?
	case $status in
	0) tr -s ' \t' '  ' <"$scratch/out" ;;
	2) echo "not found" ;;
	*) echo "getent exited $status" ;;
	esac
}

start_nscd() {
	cat >"$scratch/nscd.conf" <<-EOF
	debug-level 0
	paranoia no
	enable-cache passwd no
	enable-cache group no
	enable-cache hosts no
	enable-cache netgroup no
	enable-cache services yes
	positive-time-to-live services $time_to_live
	negative-time-to-live services $time_to_live
	check-files services no
	persistent services no
	shared services yes
	EOF
	# -F: no fork, so the pid is nscd's and the environment (the module's
	# LD_LIBRARY_PATH and NSS_IANA_INDEX) reaches the lookups.  With
	# setpriv --pdeathsig, nscd is killed should this shell die without
	# stopping it (SIGKILL from a test timeout): it never outlives the test.
	if setpriv --pdeathsig KILL true 2>/dev/null; then
		set -- setpriv --pdeathsig KILL nscd
	else
		set -- nscd
	fi
	NSS_IANA_INDEX="$index" "$@" -F -f "$scratch/nscd.conf" 2>"$scratch/nscd.log" &
	nscd_pid=$!
	tries=0
	while [ ! -S /var/run/nscd/socket ] && kill -0 "$nscd_pid" 2>/dev/null && [ $tries -lt 100 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	if [ ! -S /var/run/nscd/socket ]; then
		echo "FAIL: nscd did not start: $(cat "$scratch/nscd.log")"
		exit 1
	fi
}

# --- the index after the rebuild, and the answers without nscd -------------
# No nscd on the host is reachable from here, before or after ours runs.
private_directory /var/run/nscd
if [ -d /var/cache/nscd ]; then
	private_directory /var/cache/nscd
fi
printf '%s\n' \
	'http            8080/tcp  www-alt     # moved, to tell old from new' \
	'nscd-new        4999/tcp              # never asked before the rebuild' \
	'nscd-negative   4998/tcp              # asked, and not found, before it' \
	>"$scratch/changes"
"$TOOL" build --quiet --local "$scratch/changes" --local "$traditional" \
	--output "$scratch/rebuilt.idx" "$registry"
"$TOOL" dump --index "$index" | services_queries - >"$scratch/queries"
"$TOOL" dump --index "$scratch/rebuilt.idx" | services_queries - >"$scratch/rebuilt-queries"
libc_answers "$index" "$scratch/queries" "$scratch/direct"
libc_answers "$scratch/rebuilt.idx" "$scratch/rebuilt-queries" "$scratch/rebuilt-direct"
check "without nscd: queries of the index the module leaves unanswered" \
	"$(grep -c '^-$' "$scratch/direct" || true)" 0
check "without nscd, the module unable to read its index: www" "$(getent_says www)" "not found"

# --- 1. the same answers through nscd --------------------------------------
start_nscd
libc_answers "$nobody_index" "$scratch/queries" "$scratch/nscd"
check_same_answers "through nscd, every query of the index" "$scratch/queries" \
	"$scratch/nscd" "$scratch/direct"
libc_answers "$nobody_index" "$scratch/queries" "$scratch/nscd-cached"
check_same_answers "through nscd again, from its cache" "$scratch/queries" \
	"$scratch/nscd-cached" "$scratch/direct"
old_http=$(getent_says http/tcp)
check "through nscd: http/tcp" "$old_http" "http 80/tcp www"
check "through nscd: nscd-negative" "$(getent_says nscd-negative)" "not found"

# --- 2. the index rebuilt, renamed over the one nscd's module has mapped ----
"$TOOL" build --quiet --local "$scratch/changes" --local "$traditional" --output "$index" "$registry"
# The module looks at the file at most once a second, on the coarse
# monotonic clock: two seconds on, its next lookup reloads.
sleep 2
check "rebuilt, before nscd -i: http/tcp, cached by nscd, is the old answer" \
	"$(getent_says http/tcp)" "$old_http"
check "rebuilt, before nscd -i: nscd-negative, cached as absent, is still absent" \
	"$(getent_says nscd-negative)" "not found"
check "rebuilt, before nscd -i: nscd-new, never cached, comes from the new index" \
	"$(getent_says nscd-new)" "nscd-new 4999/tcp"

# --- 3. nscd -i services ----------------------------------------------------
nscd -i services
check "after nscd -i services: http/tcp" "$(getent_says http/tcp)" "http 8080/tcp www-alt"
check "after nscd -i services: nscd-negative" "$(getent_says nscd-negative)" "nscd-negative 4998/tcp"
libc_answers "$nobody_index" "$scratch/rebuilt-queries" "$scratch/rebuilt-nscd"
check_same_answers "after nscd -i services, every query of the rebuilt index" \
	"$scratch/rebuilt-queries" "$scratch/rebuilt-nscd" "$scratch/rebuilt-direct"

stop_nscd
if [ -s "$scratch/nscd.log" ]; then
	echo "nscd said:"
	cat "$scratch/nscd.log"
fi
[ "$failures" = 0 ]
