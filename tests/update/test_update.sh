#!/bin/sh
# iana-services update against a loopback HTTP server (server.py) that
# serves the registry files and misbehaves in the ways a real download can.
# One rule per CASE:
#     test_update.sh CASE
# Every failure case asserts the exit status, the message on standard
# error and that the index file is byte-for-byte what it was.  The files
# are IANA's 2026 XML and 2024 CSV from SHARED_REGISTRY_DIR when they are
# there, else stand-ins made from the project's snapshot
# (registry_copies.py); what is expected of them comes from the model.
# Environment: TOOL, PYTHON, SHARED_REGISTRY_DIR, REGISTRY_SNAPSHOT,
# FIXTURE_DIR, ORACLE.
set -eu
: "${TOOL:?}" "${PYTHON:?}" "${SHARED_REGISTRY_DIR:?}" "${REGISTRY_SNAPSHOT:?}" "${FIXTURE_DIR:?}"
: "${ORACLE:?}"
case_name=${1:?usage: test_update.sh CASE}
here=$(cd "$(dirname "$0")" && pwd)
# Loopback requests must not go through a proxy the environment names.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1

work=$(mktemp -d)
server=
cleanup() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
index=$work/services.idx
. "$here/registry_files.sh"

fail() {
	echo "FAIL ($case_name): $*"
	for f in out err; do
		if [ -s "$work/$f" ]; then echo "--- std$f:"; cat "$work/$f"; fi
	done
	if [ -s "$work/server.log" ]; then echo "--- server:"; tail -20 "$work/server.log"; fi
	exit 1
}

# Starts server.py with the given extra arguments; sets $base.
start_server() {
	rm -f "$work/port"
	"$PYTHON" "$here/server.py" "$@" "$registry_dir" \
		--serve "/small.xml=$FIXTURE_DIR/rules.xml" >"$work/port" 2>"$work/server.log" &
	server=$!
	tries=0
	while [ ! -s "$work/port" ]; do
		tries=$((tries + 1))
		[ "$tries" -le 100 ] || fail "the server did not start"
		kill -0 "$server" 2>/dev/null || fail "the server exited"
		sleep 0.1
	done
	port=$(head -n 1 "$work/port")
	base=http://127.0.0.1:$port
}

stop_server() {
	kill "$server"
	wait "$server" 2>/dev/null || true
	server=
}

# The index in place before the update, and a copy to compare with.
index_from() {
	"$TOOL" build --quiet --output "$index" "$@" 2>/dev/null || fail "build $* failed"
	cp "$index" "$work/before"
}

update() {
	set +e
	"$TOOL" update --output "$index" "$@" >"$work/out" 2>"$work/err"
	status=$?
	set -e
}

expect_status() {
	[ "$status" -eq "$1" ] || fail "exit status $status, expected $1"
}

expect_err() {
	[ -z "$1" ] || grep -qF -- "$1" "$work/err" || fail "standard error lacks: $1"
}

expect_out() {
	grep -qF -- "$1" "$work/out" || fail "standard output lacks: $1"
}

expect_intact() {
	cmp -s "$index" "$work/before" || fail "the index changed"
	leftovers=$(find "$work" -name '*.tmp.*')
	[ -z "$leftovers" ] || fail "temporary files left: $leftovers"
}

# The file's inode and modification time, to the nanosecond.
file_stamp() {
	stat -c '%i %y' "$1"
}

# The validators server.py --validators serves for the XML registry.
xml_etag() {
	echo "\"$(sha256sum <"$xml" | cut -c1-16)\""
}

xml_last_modified() {
	"$PYTHON" -c 'import email.utils, os, sys
print(email.utils.formatdate(int(os.path.getmtime(sys.argv[1])), usegmt=True))' "$xml"
}

# The conditions of the last request server.py logged: If-None-Match and
# If-Modified-Since, "-" when absent.
expect_conditions() {
	last=$(tail -n 1 "$work/requests" | cut -f 2,3)
	wanted=$(printf '%s\t%s' "$1" "$2")
	[ "$last" = "$wanted" ] || fail "the request's conditions are '$last', expected '$wanted'"
}

# A server with validators (and the given options), and an index updated
# from it: sets url, and keeps the index's copy and stamp to compare with.
fetched_with_validators() {
	start_server --validators --request-log "$work/requests" "$@"
	index_from "$csv"
	url=$base/service-names-port-numbers.xml
	update --url "$url"
	expect_status 0
	cp "$index" "$work/before"
	stamp=$(file_stamp "$index")
}

expect_same_stamp() {
	[ "$(file_stamp "$index")" = "$stamp" ] || fail "the index's inode or time changed"
}

expect_info() {
	"$TOOL" info --index "$index" >"$work/info"
	grep -qxF -- "$1" "$work/info" || fail "info lacks the line: $1 (has: $(cat "$work/info"))"
}

expect_no_info() {
	"$TOOL" info --index "$index" >"$work/info"
	! grep -q -- "^$1" "$work/info" || fail "info shows $(grep -- "^$1" "$work/info")"
}

# A failed update: the exit status, the reason, the index untouched.
refused() {
	expected_status=$1 reason=$2
	shift 2
	update "$@"
	expect_status "$expected_status"
	expect_err "$reason"
	expect_intact
}

case $case_name in
stalled_server_times_out)
	start_server
	index_from "$xml"
	refused 5 "the server stalled" --timeout 2 --url "$base/stall"
	;;
short_body_fails)
	start_server
	index_from "$xml"
	refused 5 "the download was cut short" --url "$base/short"
	;;
truncated_registry_refused)
	start_server
	index_from "$xml"
	# Complete as HTTP goes, but the XML stops half way: a parse error,
	# reported at its line of the download.
	refused 3 "$base/truncated.xml:" --url "$base/truncated.xml"
	grep -qE "^$base/truncated.xml:[0-9]+: XML error" "$work/err" ||
		fail "the error does not name URL:LINE"
	;;
html_page_refused)
	start_server
	index_from "$csv"
	refused 3 "an HTML page (Content-Type: text/html" --url "$base/html"
	# The same page served as XML is recognized by its content.
	refused 3 "an HTML page (Content-Type: application/xml)" --url "$base/html-as-xml"
	# And so is a saved page given as a file.
	printf '\n<HTML><body>Moved</body></html>\n' >"$work/page.xml"
	refused 3 "$work/page.xml: an HTML page, not the registry" --file "$work/page.xml"
	;;
http_error_status_fails)
	start_server
	index_from "$csv"
	refused 5 "the server answered HTTP status 404" --url "$base/error"
	refused 5 "the server answered HTTP status 500" --url "$base/server-error"
	refused 5 "the server answered HTTP status 404" --url "$base/no-such-file.xml"
	;;
unreachable_server_fails)
	start_server
	index_from "$csv"
	stop_server
	refused 5 "download failed" --timeout 2 --url "$base/service-names-port-numbers.xml"
	;;
size_limit_enforced)
	start_server
	index_from "$csv"
	# Refused from the Content-Length, and while reading a chunked body.
	refused 5 "larger than the limit of 1048576 bytes" --max-size 1M \
		--url "$base/service-names-port-numbers.xml"
	refused 5 "larger than the limit of 1048576 bytes" --max-size 1M --url "$base/chunked.xml"
	;;
redirect_to_file_refused)
	start_server
	index_from "$csv"
	refused 5 "download failed" --url "$base/redirect-file"
	;;
older_registry_refused)
	start_server
	index_from "$xml"
	refused 3 "is older than the one in place (updated $(oracle_fact updated "$xml"))" --url "$base/old.xml"
	update --force --url "$base/old.xml"
	expect_status 0
	"$TOOL" info --index "$index" >"$work/out"
	date=$(oracle_fact updated "$xml")
	expect_out "Registry:      updated $((${date%%-*} - 1))-${date#*-}"
	;;
undated_registry_refused)
	start_server
	index_from "$xml"
	refused 3 "carries no date" --url "$base/service-names-port-numbers-2024-06.csv"
	;;
too_few_entries_refused)
	start_server
	index_from "$xml"
	refused 3 "fewer than the" --url "$base/small.xml"
	# Without an index in place the floor is 1000 entries.
	rm "$index"
	update --url "$base/small.xml"
	expect_status 3
	expect_err "fewer than the 1000 required"
	[ ! -e "$index" ] || fail "an index was created"
	;;
missing_local_file_refused)
	start_server
	index_from --local "$FIXTURE_DIR/local.services" "$csv"
	refused 2 "includes the local file 'local.services'" --url "$base/service-names-port-numbers.xml"
	update --local "$FIXTURE_DIR/local.services" --url "$base/service-names-port-numbers.xml"
	expect_status 0
	;;
unverified_https_refused)
	command -v openssl >/dev/null || { echo "SKIP: no openssl to make a certificate"; exit 77; }
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
		-keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
	start_server --tls "$work/cert.pem" "$work/key.pem"
	index_from "$csv"
	refused 5 "download failed" --url "https://127.0.0.1:$port/service-names-port-numbers.xml"
	grep -qi "certificate" "$work/err" || fail "the failure does not name the certificate"
	;;
csv_index_updated_to_xml)
	start_server
	index_from "$csv"
	url=$base/service-names-port-numbers.xml
	update --url "$url"
	expect_status 0
	expect_err "plain http"
	set -- $("$PYTHON" "$here/diff_model.py" --counts "$csv" "$xml")
	expect_out "$1 added, $2 removed, $3 changed, $4 unchanged"
	expect_out "updated unknown -> $(oracle_fact updated "$xml")"
	# The index is the registry's, as build makes it, plus where it came from.
	"$TOOL" build --quiet --output "$work/expected.idx" "$xml" 2>/dev/null
	# (dump's comment header names the index file: left out)
	"$TOOL" dump --index "$work/expected.idx" | grep -v '^#' >"$work/expected.dump"
	"$TOOL" dump --index "$index" | grep -v '^#' >"$work/updated.dump"
	[ -s "$work/updated.dump" ] || fail "dump printed nothing"
	cmp -s "$work/expected.dump" "$work/updated.dump" || fail "the updated index differs from build's"
	"$TOOL" verify --index "$index" >/dev/null || fail "the updated index does not verify"
	"$TOOL" info --index "$index" >"$work/out"
	expect_out "Fetched from:  $url"
	expect_out "Registry:      updated $(oracle_fact updated "$xml")"
	expect_out "Source:        service-names-port-numbers.xml (XML)"
	expect_out "SHA-256:       $(sha256sum <"$xml" | cut -c1-64)"
	;;
snapshot_file_updates_and_is_current)
	start_server
	index_from "$csv"
	"$TOOL" snapshot --output "$work/registry.snapshot" "$xml"
	update --file "$work/registry.snapshot"
	expect_status 0
	expect_out "updated unknown -> $(oracle_fact updated "$xml"), from $work/registry.snapshot"
	set -- $("$PYTHON" "$here/diff_model.py" --counts "$csv" "$xml")
	expect_out "$1 added, $2 removed, $3 changed, $4 unchanged"
	"$TOOL" info --index "$index" >"$work/out"
	expect_out "Source:        service-names-port-numbers.xml (XML)"
	expect_out "SHA-256:       $(sha256sum <"$xml" | cut -c1-64)"
	expect_out "Snapshot:      registry.snapshot"
	# The registry file the snapshot was made from holds nothing new.
	cp "$index" "$work/before"
	refused 1 "" --url "$base/service-names-port-numbers.xml"
	expect_out "is already current"
	;;
redirect_followed)
	start_server
	index_from "$csv"
	update --url "$base/redirect"
	expect_status 0
	"$TOOL" info --index "$index" >"$work/out"
	expect_out "Registry:      updated $(oracle_fact updated "$xml")"
	;;
already_current_untouched)
	start_server
	index_from "$csv"
	update --url "$base/service-names-port-numbers.xml"
	expect_status 0
	cp "$index" "$work/before"
	refused 1 "" --url "$base/service-names-port-numbers.xml"
	expect_out "is already current"
	# The same registry file by another way: the same entries, so current.
	refused 1 "" --file "$xml"
	refused 1 "" --url "$base/chunked.xml"
	;;
quiet_cron_run)
	start_server
	index_from "$csv"
	update --quiet --url "$base/service-names-port-numbers.xml"
	expect_status 0
	[ ! -s "$work/out" ] || fail "--quiet printed on standard output"
	# The next run finds nothing to do, and says nothing at all.
	cp "$index" "$work/before"
	update --quiet --url "$base/service-names-port-numbers.xml"
	expect_status 1
	[ ! -s "$work/out" ] || fail "--quiet printed on standard output when current"
	grep -v "plain http" "$work/err" >"$work/other" || true
	[ ! -s "$work/other" ] || fail "--quiet printed more than the plain http warning"
	expect_intact
	;;
validators_recorded)
	# build records none.
	index_from "$csv"
	expect_no_info "ETag:"
	fetched_with_validators
	expect_conditions - -
	expect_info "ETag:          $(xml_etag)"
	expect_info "Last-Modified: $(xml_last_modified)"
	# A registry read from a file has no validators to record.
	index_from "$csv"
	update --file "$xml"
	expect_status 0
	expect_no_info "ETag:"
	expect_no_info "Last-Modified:"
	;;
not_modified_untouched)
	fetched_with_validators
	sleep 0.02
	update --url "$url"
	expect_status 1
	expect_conditions "$(xml_etag)" "$(xml_last_modified)"
	[ "$(cat "$work/out")" = "iana-services: $index is already current: $url has not changed since $(xml_last_modified) (ETag $(xml_etag)); left as it is" ] ||
		fail "the 304 message is: $(cat "$work/out")"
	expect_intact
	expect_same_stamp
	update --quiet --url "$url"
	expect_status 1
	[ ! -s "$work/out" ] || fail "--quiet printed on standard output"
	# Another URL, or a description setting the index lacks: unconditional.
	update --url "$base/redirect"
	expect_conditions - -
	update --descriptions --url "$url"
	expect_status 0
	expect_conditions - -
	;;
descriptions_follow_the_index)
	# update writes the descriptions of the registry it installs beside the
	# index, the same bytes snapshot makes of that registry; an update that
	# finds the index current leaves them as they are.
	fetched_with_validators
	descriptions="${index%.*}.descriptions"
	"$TOOL" snapshot --output "$work/expected.snapshot" "$xml" >/dev/null 2>&1 ||
		fail "snapshot of the registry failed"
	cmp -s "$work/expected.descriptions" "$descriptions" ||
		fail "the descriptions beside the index are not those of the registry"
	described=$(file_stamp "$descriptions")
	update --url "$url"
	expect_status 1
	[ "$(file_stamp "$descriptions")" = "$described" ] ||
		fail "an update that found the index current rewrote its descriptions"
	# An index without its descriptions file (as an earlier version left
	# it) is asked for unconditionally, and gets the file, the index itself
	# untouched.
	rm "$descriptions"
	update --url "$url"
	expect_status 1
	expect_conditions - -
	cmp -s "$work/expected.descriptions" "$descriptions" ||
		fail "an update that found the index current left its descriptions missing"
	expect_intact
	expect_same_stamp
	;;
force_unconditional)
	# --force asks without conditions, and still finds the index current:
	# it overrides the checks, not what "already current" means.
	fetched_with_validators
	update --force --url "$url"
	expect_status 1
	expect_conditions - -
	expect_out "is already current"
	expect_out "; left as it is"
	expect_intact
	expect_same_stamp
	expect_info "ETag:          $(xml_etag)"
	;;
conditions_ignored_same_registry)
	fetched_with_validators --ignore-conditions
	update --url "$url"
	expect_status 1
	expect_conditions "$(xml_etag)" "$(xml_last_modified)"
	expect_out "is already current (registry updated $(oracle_fact updated "$xml")"
	expect_out "; left as it is"
	expect_intact
	expect_same_stamp
	;;
new_validators_recorded)
	echo '"one"' >"$work/etag"
	fetched_with_validators --etag-file "$work/etag"
	"$TOOL" dump --index "$index" | grep -v '^#' >"$work/first.dump"
	# The same file, now under another ETag: same entries, new validators.
	echo '"two"' >"$work/etag"
	update --url "$url"
	expect_status 1
	expect_conditions '"one"' "$(xml_last_modified)"
	expect_out "is already current"
	expect_out "rewritten only to record this download's ETag and Last-Modified"
	expect_info 'ETag:          "two"'
	"$TOOL" dump --index "$index" | grep -v '^#' >"$work/second.dump"
	cmp -s "$work/first.dump" "$work/second.dump" || fail "the entries changed"
	cp "$index" "$work/before"
	update --url "$url"
	expect_status 1
	expect_conditions '"two"' "$(xml_last_modified)"
	expect_intact
	;;
hostile_etag_not_stored)
	# libcurl ends a header at a bare CR: what follows is a header of its
	# own, and the ETag is the sound part before it.
	start_server --request-log "$work/requests"
	for kind in long cr control; do
		etag=-
		[ "$kind" != cr ] || etag='"abc"'
		index_from "$csv"
		url=$base/hostile-etag/$kind
		update --url "$url"
		expect_status 0
		if [ "$etag" = - ]; then expect_no_info "ETag:"; else expect_info "ETag:          $etag"; fi
		expect_info "Last-Modified: $(xml_last_modified)"
		! grep -q "Injected" "$work/info" || fail "info shows the injected text ($kind)"
		update --url "$url"
		expect_status 1
		expect_conditions "$etag" "$(xml_last_modified)"
		tail -n 1 "$work/requests" | cut -f 4 >"$work/names"
		! grep -qi "injected" "$work/names" || fail "a header was injected ($kind)"
	done
	;;
changed_local_file_unconditional)
	start_server --validators --request-log "$work/requests"
	cp "$FIXTURE_DIR/local.services" "$work/local.services"
	index_from --local "$work/local.services" "$csv"
	url=$base/service-names-port-numbers.xml
	update --local "$work/local.services" --url "$url"
	expect_status 0
	update --local "$work/local.services" --url "$url"
	expect_status 1
	expect_conditions "$(xml_etag)" "$(xml_last_modified)"
	# An edited local file must reach the index though the registry has not changed.
	sleep 0.02
	printf 'nss-iana-test 65000/tcp\n' >>"$work/local.services"
	update --local "$work/local.services" --url "$url"
	expect_status 0
	expect_conditions - -
	expect_out "1 added"
	;;
*)
	echo "test_update.sh: unknown case $case_name"
	exit 2
	;;
esac
echo "PASS ($case_name)"
