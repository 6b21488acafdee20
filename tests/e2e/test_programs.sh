#!/bin/sh
# Real, unmodified programs resolving service names through
# libnss_iana.so.2, with "services: iana", an empty /etc/services and the
# default index of the build (the registry plus data/traditional-services),
# each in a private mount namespace -- and, for programs with sockets, a
# private network namespace with only "lo", where any port is free.
#
#   test_programs.sh getent|python|perl|ss|connect
#
# The expected answers come from "iana-services lookup" on the same index,
# never from the program under test, plus a few registry facts written out
# (xmpp-client is 5222/tcp, ...) so that an index and a module wrong in the
# same way still fail.  Each program is also run once with "services:
# files" and the empty /etc/services, where it must not find the name: what
# it found came from the module.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
program=${1:-}
index="$BUILD_DIR/services.idx"
if [ ! -r "$index" ]; then
	echo "FAIL: no index $index: the build's 'index' target makes it"
	exit 1
fi
export NSS_IANA_INDEX="$index" NO_ETC_SERVICES=1
python=${PYTHON:-python3}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

index_says() { # QUERY: the index's answer as a services(5) line, or "not found"
	status=0
	"$TOOL" lookup --index "$index" -- "$1" >"$scratch/lookup" 2>"$scratch/lookup.err" || status=$?
	case $status in
	0) sed 's/ *#.*//' "$scratch/lookup" | tr -s ' \t' '  ' ;;
	1) echo "not found" ;;
	*)
		echo "FAIL: iana-services lookup $1 exited $status: $(cat "$scratch/lookup.err")" >&2
		exit 1
		;;
	esac
}
port_of() { index_says "$1" | sed 's|^[^ ]* \([0-9]*\)/.*|\1|'; }
name_of() { index_says "$1" | cut -d' ' -f1; }

# SOURCES COMMAND...: COMMAND's standard output in a private mount
# namespace with "services: SOURCES"; exits 77 when the machine refuses one.
in_namespace() {
	sources=$1
	shift
	status=0
	sh "$here/in-namespace.sh" "$BUILD_DIR" "$sources" "$@" || status=$?
	[ "$status" = 77 ] && exit 77
	return "$status"
}

# SOURCES COMMAND...: the same, also in a private network namespace.
in_net_namespace() {
	sources=$1
	shift
	in_namespace "$sources" unshare --net sh -c 'ip link set lo up && exec "$@"' sh "$@"
}

# Exits 77 with the reason when the namespaces cannot be had; called
# outside command substitutions, so that the exit ends the script.
require_namespaces() { # [net]
	in_namespace iana true
	[ "${1:-}" = net ] || return 0
	if ! command -v ip >/dev/null; then
		echo "SKIP: ip (iproute2) is not installed: it brings up lo in a private network namespace" >&2
		exit 77
	fi
	if ! in_namespace iana unshare --net ip link set lo up 2>/dev/null; then
		echo "SKIP: this machine refuses a private network namespace (unshare --net)" >&2
		exit 77
	fi
}

# Checks each line of $scratch/asked against the same line of
# $scratch/expected, as answered in $scratch/answers by PROGRAM.
check_answers() { # PROGRAM
	exec 3<"$scratch/answers" 4<"$scratch/asked"
	while IFS= read -r want; do
		IFS= read -r got <&3 || got="(no answer)"
		IFS= read -r asked <&4
		check "$1: $asked" "$got" "$want"
	done <"$scratch/expected"
	exec 3<&- 4<&-
	check "$1: number of answers" "$(wc -l <"$scratch/answers")" "$(wc -l <"$scratch/expected")"
}

# The index's entries as "name port/protocol alias..." lines, in order.
index_listing() {
	"$TOOL" dump --index "$index" | grep -v '^#' | sed 's/ *#.*//' | tr -s ' \t' '  '
}
index_entry_count() {
	"$TOOL" info --index "$index" | sed -n 's/^Entries: *\([0-9]*\).*/\1/p'
}

check_listing() { # WHAT FILE: FILE holds exactly the index's entries, in order
	index_listing >"$scratch/listing"
	if cmp -s "$scratch/listing" "$2"; then
		check "$1" "$(wc -l <"$2") entries, in index order" "$(index_entry_count) entries, in index order"
	else
		check "$1" "a different list (diff below)" "the index's $(index_entry_count) entries"
		diff "$scratch/listing" "$2" | head -10
	fi
}

# --- getent -----------------------------------------------------------------

getent_says() { # SOURCES QUERY: getent's answer, or "not found" (status 2)
	status=0
	in_namespace "$1" getent services "$2" >"$scratch/out" || status=$?
	case $status in
	0) tr -s ' \t' '  ' <"$scratch/out" ;;
	2) echo "not found" ;;
	*) echo "getent exited $status" ;;
	esac
}

test_getent() {
	# Registry facts and traditional names, written out.
	while IFS='|' read -r query answer; do
		check "the index: $query" "$(index_says "$query")" "$answer"
		check "getent services $query" "$(getent_says iana "$query")" "$answer"
	done <<-EOF
	xmpp-client|xmpp-client 5222/tcp jabber-client
	interhdl_elmd|interhdl-elmd 1454/tcp interhdl_elmd
	interhdl_elmd/udp|interhdl-elmd 1454/udp interhdl_elmd
	www|http 80/tcp www
	mail|smtp 25/tcp mail
	EOF
	# By name, alias, port, with and without protocol, and absent.
	for query in smtp http/tcp www/udp jabber-client domain/udp mail/udp \
		80 25/tcp 5222 1454/udp 6005/tcp 53/udp no-such-service 4/tcp; do
		check "getent services $query" "$(getent_says iana "$query")" "$(index_says "$query")"
	done
	check "getent services www with 'services: files' (empty /etc/services)" \
		"$(getent_says files www)" "not found"
	in_namespace iana getent services | tr -s ' \t' '  ' >"$scratch/enumerated"
	check_listing "getent services (enumeration)" "$scratch/enumerated"
}

# --- Python -----------------------------------------------------------------

# Evaluates each line of $scratch/asked as a Python expression, "socket"
# imported, and prints its value; an OSError prints "error: MESSAGE".
# addrinfo(SERVICE) is what getaddrinfo("127.0.0.1", SERVICE) gives with no
# hints, as "SOCKTYPE/PROTOCOL/PORT" words.
python_answers() { # SOURCES
	in_namespace "$1" "$python" -c '
import socket, sys
def addrinfo(service):
    return " ".join("%s/%d/%d" % (socket.SocketKind(t).name, p, a[1])
                    for f, t, p, c, a in socket.getaddrinfo("127.0.0.1", service))
for expression in open(sys.argv[1]):
    try:
        print(eval(expression))
    except OSError as error:
        print("error:", error)' "$scratch/asked" >"$scratch/answers"
}

ask_python() { # EXPRESSION EXPECTED
	echo "$1" >>"$scratch/asked"
	echo "$2" >>"$scratch/expected"
}

# addrinfo(SERVICE) as the index says: glibc asks for tcp, then for udp.
expected_addrinfo() { # SERVICE
	words=""
	tcp=$(index_says "$1/tcp")
	udp=$(index_says "$1/udp")
	[ "$tcp" != "not found" ] && words="SOCK_STREAM/6/$(port_of "$1/tcp")"
	[ "$udp" != "not found" ] && words="${words:+$words }SOCK_DGRAM/17/$(port_of "$1/udp")"
	echo "${words:-error: [Errno -8] Servname not supported for ai_socktype}"
}

test_python() {
	: >"$scratch/asked"
	: >"$scratch/expected"
	ask_python "socket.getservbyname('xmpp-client')" 5222
	ask_python "socket.getservbyname('www')" 80
	ask_python "socket.getservbyname('mail', 'tcp')" 25
	ask_python "socket.getservbyname('interhdl_elmd', 'udp')" "$(port_of interhdl_elmd/udp)"
	ask_python "socket.getservbyname('no-such-service')" "error: service/proto not found"
	ask_python "socket.getservbyport(5222)" xmpp-client
	ask_python "socket.getservbyport(1454, 'udp')" "$(name_of 1454/udp)"
	ask_python "socket.getservbyport(80, 'udp')" "$(name_of 80/udp)"
	ask_python "socket.getservbyport(4, 'tcp')" "error: port/proto not found"
	ask_python "addrinfo('xmpp-client')" "SOCK_STREAM/6/5222"
	for service in domain www interhdl_elmd no-such-service; do
		ask_python "addrinfo('$service')" "$(expected_addrinfo $service)"
	done
	python_answers iana
	check_answers "python"
	status=0
	in_namespace files "$python" -c 'import socket; socket.getservbyname("xmpp-client")' \
		2>/dev/null || status=$?
	check "python, 'services: files' (empty /etc/services): getservbyname('xmpp-client') fails" \
		"exit $status" "exit 1"
}

# --- Perl -------------------------------------------------------------------

# line(getservby...(...)): the entry as "name port/protocol alias...".
perl_line='sub line {
	my ($name, $aliases, $port, $proto) = @_;
	return "not found" unless defined $name;
	return join " ", $name, "$port/$proto", split(" ", $aliases);
}'

test_perl() {
	: >"$scratch/asked"
	: >"$scratch/expected"
	for query in interhdl_elmd/tcp interhdl_elmd/udp mail/tcp www/tcp www/udp xmpp-client/tcp \
		no-such-service/tcp 5222/tcp 1454/udp 80/udp 6005/tcp 4/tcp; do
		key=${query%/*} proto=${query#*/}
		case $key in
		*[!0-9]*) echo "line(getservbyname('$key', '$proto'))" ;;
		*) echo "line(getservbyport($key, '$proto'))" ;;
		esac >>"$scratch/asked"
		index_says "$query" >>"$scratch/expected"
	done
	in_namespace iana perl -e "$perl_line"'
		while (my $expression = <>) {
			my $answer = eval $expression;
			print defined $answer ? $answer : "error: $@", "\n";
		}' "$scratch/asked" >"$scratch/answers"
	check_answers "perl"
	in_namespace iana perl -e "$perl_line"'
		setservent(1);
		while (my @entry = getservent()) { print line(@entry), "\n" }
		endservent();' >"$scratch/enumerated"
	check_listing "perl getservent (enumeration)" "$scratch/enumerated"
	check "perl, 'services: files' (empty /etc/services): getservbyname('xmpp-client', 'tcp')" \
		"$(in_namespace files perl -e "$perl_line"'print line(getservbyname("xmpp-client", "tcp"))')" \
		"not found"
}

# --- ss ---------------------------------------------------------------------
# iproute2's ss names ports with getservbyport(port, "tcp") -- through NSS,
# after setservent(1) -- except ports in the kernel's ephemeral range
# (net.ipv4.ip_local_port_range), which it always prints as numbers.

ss_local_address() { # SOURCES PORT: the "Local Address:Port" ss -lt shows
	in_net_namespace "$1" "$python" "$here/with_listener.py" "$2" ss -ltH >"$scratch/ss"
	awk '{ print $4 }' "$scratch/ss"
}

test_ss() {
	# Port 1454 is registered (interhdl-elmd) and absent from Debian's
	# /etc/services: on a stock system its name can only come from here.
	port=1454
	name=$(name_of "$port/tcp")
	check "the index: $port/tcp" "$name" interhdl-elmd
	check "ss -lt, listener on 127.0.0.1:$port" "$(ss_local_address iana "$port")" "127.0.0.1:$name"
	check "ss -lt, 'services: files' (empty /etc/services)" \
		"$(ss_local_address files "$port")" "127.0.0.1:$port"
}

# --- a C client: getaddrinfo("127.0.0.1", "http") and connect() -----------

connect_says() { # SOURCES PORT: the client's output, with a server on PORT
	status=0
	in_net_namespace "$1" "$python" "$here/with_listener.py" "$2" \
		"$CONNECT_CLIENT" 127.0.0.1 http "hello through nss-iana" >"$scratch/out" 2>&1 || status=$?
	if [ "$status" = 0 ]; then cat "$scratch/out"; else echo "exit $status: $(cat "$scratch/out")"; fi
}

test_connect() {
	port=$(port_of http/tcp)
	check "the index: http/tcp" "$port" 80
	check "connect_client 127.0.0.1 http" "$(connect_says iana "$port")" \
		"connected to 127.0.0.1 port $port
reply: server on port $port got: hello through nss-iana"
	check "connect_client 127.0.0.1 http, 'services: files' (empty /etc/services)" \
		"$(connect_says files "$port")" \
		"exit 1: connect_client: 127.0.0.1 http: Servname not supported for ai_socktype"
}

case $program in
getent | python | perl) require_namespaces && "test_$program" ;;
ss | connect) require_namespaces net && "test_$program" ;;
*)
	echo "usage: $0 getent|python|perl|ss|connect" >&2
	exit 2
	;;
esac
[ "$failures" = 0 ]
