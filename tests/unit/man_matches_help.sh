#!/bin/sh
# The manual page of iana-services and the tool's own help name the same
# commands and the same long options: the help is printed from the
# commands' table (src/tool/help.c), the page is written by hand, and this
# is what keeps the two from drifting apart.
#   man_matches_help.sh TOOL MAN_PAGE_SOURCE
set -eu
tool=$1
page=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The commands: indented "  NAME [..." lines under "Commands:" in --help;
# in the page, the tags (.TP, then .B NAME or .BI NAME) of COMMANDS.
"$tool" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' | sort >"$work/help-commands"
sed -n '/^\.SH COMMANDS/,/^\.SH [^C]/p' "$page" |
	awk 'tag && /^\.BI? [a-z]/ { print $2 } { tag = /^\.TP/ }' | sort >"$work/page-commands"
if ! diff -u "$work/help-commands" "$work/page-commands"; then
	echo "FAIL: the commands of --help (-) and of $page (+) differ" >&2
	exit 1
fi
# The page's synopsis names every command too.
while read -r command; do
	if ! sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$page" | grep -q "^\.BR\? .*\b$command\b"; then
		echo "FAIL: the SYNOPSIS of $page does not name $command" >&2
		exit 1
	fi
done <"$work/help-commands"

# The long options: those of every command's --help and of --help itself,
# against every \-\-option the page mentions.
{
	"$tool" --help
	while read -r command; do "$tool" "$command" --help; done <"$work/help-commands"
} | grep -E '^ +-[a-zA-Z], --|^ +--' | grep -oE -- '--[a-z][a-z-]*' | sort -u >"$work/help-options"
grep -oE '\\-\\-[a-z][a-z\\-]*' "$page" | sed 's/\\//g' | sort -u >"$work/page-options"
if ! diff -u "$work/help-options" "$work/page-options"; then
	echo "FAIL: the long options of the help (-) and of $page (+) differ" >&2
	exit 1
fi
echo "$(wc -l <"$work/help-commands") commands and $(wc -l <"$work/help-options") options agree"
