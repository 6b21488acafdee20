#!/bin/sh
# iana-services diff: one rule per CASE,
#     test_diff.sh CASE
# on small registries written here and on IANA's 2026 XML and 2024 CSV
# from SHARED_REGISTRY_DIR (else stand-ins made from the project's
# snapshot, registry_copies.py), whose expected differences come from
# diff_model.py (the test oracle's model), not from the tool.
# Environment: TOOL, PYTHON, SHARED_REGISTRY_DIR, REGISTRY_SNAPSHOT, ORACLE.
set -eu
: "${TOOL:?}" "${PYTHON:?}" "${SHARED_REGISTRY_DIR:?}" "${REGISTRY_SNAPSHOT:?}" "${ORACLE:?}"
case_name=${1:?usage: test_diff.sh CASE}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
	echo "FAIL ($case_name): $*"
	for f in out err; do
		if [ -s "$work/$f" ]; then echo "--- std$f:"; head -40 "$work/$f"; fi
	done
	exit 1
}

need_registry() {
	. "$here/registry_files.sh"
}

diff_tool() {
	set +e
	"$TOOL" diff "$@" >"$work/out" 2>"$work/err"
	status=$?
	set -e
}

expect_status() {
	[ "$status" -eq "$1" ] || fail "exit status $status, expected $1"
}

# Standard output must be exactly the lines given.
expect_lines() {
	if [ $# -eq 0 ]; then : >"$work/expected"; else printf '%s\n' "$@" >"$work/expected"; fi
	cmp -s "$work/expected" "$work/out" || {
		echo "--- expected:"
		cat "$work/expected"
		fail "unexpected output"
	}
}

# A registry in the IANA CSV form, from "name,port,protocol,note" lines.
registry() {
	file=$work/$1
	shift
	echo "Service Name,Port Number,Transport Protocol,Description,Assignment Notes" >"$file"
	for row in "$@"; do
		echo "$row" | awk -F, '{ gsub(/"/, "\"\"", $4); printf "%s,%s,%s,,\"%s\"\n", $1, $2, $3, $4 }' \
			>>"$file"
	done
}

tab=$(printf '\t')

case $case_name in
same_name_on_two_ports_not_changed)
	registry old.csv "msp,18,tcp" "msp,2438,tcp" "echo,7,tcp"
	registry new.csv "msp,18,tcp" "msp,2438,tcp" "echo,7,tcp" "msp,2439,tcp"
	diff_tool --format=tsv "$work/old.csv" "$work/new.csv"
	expect_status 1
	expect_lines "added${tab}msp${tab}tcp${tab}-${tab}2439"
	;;
moved_port_is_changed)
	registry old.csv "foo,100,tcp" "foo,100,udp" "bar,200-210,tcp"
	registry new.csv "foo,101,tcp" "foo,100,udp" "bar,200-215,tcp"
	diff_tool --format=tsv "$work/old.csv" "$work/new.csv"
	expect_status 1
	expect_lines "changed${tab}foo${tab}tcp${tab}100${tab}101" \
		"changed${tab}bar${tab}tcp${tab}200-210${tab}200-215"
	;;
new_alias_is_changed)
	registry old.csv "interhdl-elmd,1454,tcp"
	registry new.csv "interhdl-elmd,1454,tcp" \
		'interhdl_elmd,1454,tcp,This entry is an alias to "interhdl-elmd".'
	diff_tool --format=tsv "$work/old.csv" "$work/new.csv"
	expect_status 1
	expect_lines "changed${tab}interhdl-elmd${tab}tcp${tab}1454${tab}1454 interhdl_elmd"
	;;
removed_in_old_order_after_added)
	registry old.csv "a,1,tcp" "b,2,tcp" "c,3,tcp" "d,4,tcp"
	registry new.csv "z,9,tcp" "b,2,tcp" "y,8,tcp"
	diff_tool --format=tsv "$work/old.csv" "$work/new.csv"
	expect_status 1
	expect_lines "added${tab}z${tab}tcp${tab}-${tab}9" "added${tab}y${tab}tcp${tab}-${tab}8" \
		"removed${tab}a${tab}tcp${tab}1${tab}-" "removed${tab}c${tab}tcp${tab}3${tab}-" \
		"removed${tab}d${tab}tcp${tab}4${tab}-"
	;;
equal_sets_exit_zero)
	registry old.csv "a,1,tcp" "b,2,udp" ",3,tcp" "c,,tcp"
	registry new.csv "a,1,tcp" "b,2,udp"
	diff_tool --format=tsv "$work/old.csv" "$work/new.csv"
	expect_status 0
	expect_lines
	diff_tool "$work/old.csv" "$work/new.csv"
	expect_status 0
	grep -qF "0 added, 0 removed, 0 changed, 2 unchanged" "$work/out" || fail "no summary"
	;;
registries_match_model)
	need_registry
	"$PYTHON" "$here/diff_model.py" "$csv" "$xml" >"$work/expected"
	diff_tool --format=tsv "$csv" "$xml"
	expect_status 1
	cmp -s "$work/expected" "$work/out" || fail "the TSV differs from diff_model.py's"
	# And the other way round.
	"$PYTHON" "$here/diff_model.py" "$xml" "$csv" >"$work/expected"
	diff_tool --format=tsv "$xml" "$csv"
	expect_status 1
	cmp -s "$work/expected" "$work/out" || fail "the reverse TSV differs from diff_model.py's"
	;;
human_summary_matches_model)
	need_registry
	set -- $("$PYTHON" "$here/diff_model.py" --counts "$csv" "$xml")
	diff_tool "$csv" "$xml"
	expect_status 1
	grep -qxF "$1 added, $2 removed, $3 changed, $4 unchanged" "$work/out" || fail "wrong summary"
	grep -qxF "Added ($1):" "$work/out" || fail "no Added section"
	grep -qxF "Removed ($2):" "$work/out" || fail "no Removed section"
	[ "$(grep -c '^  ' "$work/out")" -eq $(($1 + $2 + $3)) ] || fail "not one line per difference"
	;;
index_and_registry_mix)
	need_registry
	"$TOOL" build --quiet --output "$work/xml.idx" "$xml" 2>/dev/null
	"$TOOL" build --quiet --output "$work/csv.idx" "$csv" 2>/dev/null
	# An index holds exactly its registry's entries.
	diff_tool --format=tsv "$work/xml.idx" "$xml"
	expect_status 0
	expect_lines
	diff_tool --format=tsv "$csv" "$work/csv.idx"
	expect_status 0
	# Two indexes, or one of each, differ as their registries do.
	"$PYTHON" "$here/diff_model.py" "$csv" "$xml" >"$work/expected"
	for pair in "$work/csv.idx $work/xml.idx" "$work/csv.idx $xml" "$csv $work/xml.idx"; do
		diff_tool --format=tsv $pair
		expect_status 1
		cmp -s "$work/expected" "$work/out" || fail "diff $pair differs from the model"
	done
	diff_tool "$work/csv.idx" "$work/xml.idx"
	grep -qF "(index, updated $(oracle_fact updated "$xml")," \
		"$work/out" || fail "the header does not name the index and its date"
	;;
bad_arguments)
	registry one.csv "a,1,tcp"
	diff_tool "$work/one.csv"
	expect_status 2
	diff_tool --format=yaml "$work/one.csv" "$work/one.csv"
	expect_status 2
	grep -qF "unknown format 'yaml'" "$work/err" || fail "no message for the format"
	diff_tool "$work/one.csv" "$work/missing.csv"
	expect_status 4
	grep -qF "missing.csv: No such file or directory" "$work/err" || fail "no message for the file"
	echo "not a registry" >"$work/junk"
	diff_tool "$work/junk" "$work/one.csv"
	expect_status 3
	grep -qF "not an IANA registry" "$work/err" || fail "no message for the junk"
	# A registry that fails part way: its line named, nothing leaked (ASan).
	registry late.csv "a,1,tcp" "b,99999,tcp"
	diff_tool "$work/one.csv" "$work/late.csv"
	expect_status 3
	grep -qF "late.csv:3: " "$work/err" || fail "the message does not name FILE:LINE"
	printf 'NSSIANA\000garbage' >"$work/bad.idx"
	diff_tool "$work/bad.idx" "$work/one.csv"
	expect_status 3
	;;
*)
	echo "test_diff.sh: unknown case $case_name"
	exit 2
	;;
esac
echo "PASS ($case_name)"
