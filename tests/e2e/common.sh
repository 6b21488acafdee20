# shellcheck shell=sh
# Shell functions the end-to-end tests share; sourced, not run.

failures=0

# Counts a failure, naming what was asked, unless GOT is EXPECTED.
check() { # WHAT GOT EXPECTED
	if [ "$2" = "$3" ]; then
		echo "ok: $1 -> $3"
	else
		printf 'FAIL: %s\n  got:      %s\n  expected: %s\n' "$1" "$2" "$3"
		failures=$((failures + 1))
	fi
}

# Every query a services(5) file ("-": standard input) answers, as
# "kind<TAB>key<TAB>protocol" lines that netbase_compare.py's worker reads:
# each name and alias, each port, with the line's protocol and with none,
# each once.
services_queries() { # SERVICES-FILE
	awk '
		/^#/ { next }
		{
			sub(/[ \t]*#.*/, "")
			split($2, port, "/")
			print "port\t" port[1] "\t" port[2]
			print "port\t" port[1] "\t"
			for (i = 1; i <= NF; i++) if (i != 2) {
				print "name\t" $i "\t" port[2]
				print "name\t" $i "\t"
			}
		}' "$1" | awk '!seen[$0]++'
}

# The full registry the tests ask: IANA's XML beside the project when it is
# there, else the project's snapshot of it (REGISTRY_SNAPSHOT).
full_registry() {
	if [ -r "$SHARED_REGISTRY_DIR/service-names-port-numbers.xml" ]; then
		echo "$SHARED_REGISTRY_DIR/service-names-port-numbers.xml"
	else
		echo "$REGISTRY_SNAPSHOT"
	fi
}

# One fact the model of the registry (tests/oracle) states: entries,
# aliases, updated, ... of REGISTRY.
oracle_fact() { # KEY REGISTRY
	"${PYTHON:-python3}" "$ORACLE" "$2" facts | sed -n "s/^$1 //p"
}
