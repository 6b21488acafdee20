#!/usr/bin/env python3
"""Measures how often the services index answers exactly as glibc's nss_files
answers from a services(5) file -- Debian netbase's /etc/services.

    netbase_compare.py REFERENCE --index FILE --tool PATH [options]
        answers from "iana-services lookup --index FILE", the reader the
        NSS module uses
    netbase_compare.py REFERENCE --glibc BUILD_DIR [--index FILE] [options]
        answers from getservbyname_r/getservbyport_r through glibc with
        "services: iana" in a private mount namespace (tests/e2e/in-namespace.sh)
    netbase_compare.py REFERENCE --oracle REGISTRY [--local FILE]... [options]
        answers from the Python model, tests/oracle/registry_oracle.py
    netbase_compare.py REFERENCE --files [options]
        answers from glibc's nss_files reading REFERENCE, in a private mount
        namespace: checks this script's model of nss_files (expect 100%)

The queries are every one nss_files answers from REFERENCE: each name and
each alias of a line, with the line's protocol and with none, and each port
of a line, with its protocol and with none.  The expected answer is the one
nss_files gives: the first line in file order that matches.  An answer is
identical when name, port, protocol and aliases (in order) all agree.

The report gives the number of queries, how many answers are identical and
their share, then every other query with the reason it differs.  (--glibc
and --files run this script again inside the namespace, as a worker that
asks glibc: "netbase_compare.py --answer-with-libc [SERVICES_FILE]", queries
on standard input.)

Exit status: 0 when the share is at least --min-share (default 0.99), 1 when
it is below, 2 for a usage error or when no answers could be had, 77 (the
test suite's "skipped") when REFERENCE is missing or the machine refuses a
mount namespace, with the reason printed.
"""
import argparse
import collections
import os
import re
import subprocess
import sys

SKIPPED = 77
HERE = os.path.dirname(os.path.abspath(__file__))
# glibc parses with isspace() in the C locale.
C_SPACE = " \t\n\v\f\r"
SPLIT_SPACE = re.compile("[%s]+" % re.escape(C_SPACE))
# How many queries one "iana-services lookup" is given, far below ARG_MAX.
LOOKUP_BATCH = 400

Service = collections.namedtuple("Service", "name port proto aliases")
Query = collections.namedtuple("Query", "kind key proto")


class Failure(Exception):
    """A backend could not answer at all: the comparison means nothing."""


class Skipped(Exception):
    """The comparison cannot run on this machine; the message says why."""


# --- nss_files, modelled -------------------------------------------------

NUMBER = re.compile(r"[%s]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)" % re.escape(C_SPACE))
ULONG_MAX = 2 ** 64 - 1


def read_port(text):
    """(port, rest) as nss_files reads the number at the start of text, or
    None when it skips the line.  That is strtoul() with base 0 (so "0x50"
    is 80 and "010" is 8, a "-" negates modulo 2**64), a line whose value
    exceeds 32 bits is skipped, and htons() keeps the low 16 bits -- as
    glibc 2.36 does, checked on Debian 12."""
    match = NUMBER.match(text)
    if match is None:
        return None
    digits = match.group(2)
    if digits[:2] in ("0x", "0X"):
        value = int(digits[2:], 16)
    elif digits.startswith("0"):
        value = int(digits, 8)
    else:
        value = int(digits)
    if value > ULONG_MAX:
        value = ULONG_MAX
    elif match.group(1) == "-":
        value = -value % 2 ** 64
    if value > 0xFFFFFFFF:
        return None
    return value & 0xFFFF, text[match.end():]


def split_field(text):
    """A STRING_FIELD: (the text up to white space, the rest after it)."""
    end = 0
    while end < len(text) and text[end] not in C_SPACE:
        end += 1
    return text[:end], text[end:].lstrip(C_SPACE)


def parse_service_line(line):
    """The Service of one line as nss_files' parser reads it, or None for a
    line it skips.  The line ends at a NUL byte, everything from the first
    '#' on is a comment, any number of '/' may follow the port, and a line
    may even lack the "/protocol" (its protocol is then empty)."""
    line = line.split("\0", 1)[0].lstrip(C_SPACE)
    if line == "" or line.startswith("#"):
        return None
    line = line.split("#", 1)[0]
    name, rest = split_field(line)
    number = read_port(rest)
    if number is None:
        return None
    port, rest = number
    if rest.startswith("/"):
        rest = rest.lstrip("/")
    elif rest != "":
        return None
    proto, rest = split_field(rest)
    aliases = tuple(word for word in SPLIT_SPACE.split(rest) if word)
    return Service(name, port, proto, aliases)


def read_services(path):
    """The lines of a services(5) file that nss_files uses, in order."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "surrogateescape")
    services = (parse_service_line(line) for line in text.split("\n"))
    return [s for s in services if s is not None]


def reference_answer(services, query):
    """nss_files' answer: the first line that matches, names compared
    case-sensitively, a query without protocol matching any."""
    for s in services:
        if query.proto is not None and s.proto != query.proto:
            continue
        if query.kind == "name" and (query.key == s.name or query.key in s.aliases):
            return s
        if query.kind == "port" and query.key == s.port:
            return s
    return None


def reference_queries(services):
    """Every query the reference answers, each once, in file order."""
    queries = []
    for s in services:
        protos = [s.proto, None] if s.proto else [None]
        for name in (s.name,) + s.aliases:
            queries += [Query("name", name, proto) for proto in protos]
        queries += [Query("port", s.port, proto) for proto in protos]
    return list(dict.fromkeys(queries))


# --- answers from iana-services lookup ------------------------------------

def query_text(query):
    key = str(query.key)
    return key if query.proto is None else "%s/%s" % (key, query.proto)


def parse_answer_line(line):
    """A Service from a services(5)-style answer line ("name port/proto
    alias... [# description]")."""
    fields = line.split("#", 1)[0].split()
    if len(fields) < 2 or "/" not in fields[1]:
        raise Failure("unexpected answer line: %r" % line)
    port, _, proto = fields[1].partition("/")
    return Service(fields[0], int(port), proto, tuple(fields[2:]))


def run_lookup(tool, index, texts):
    """(answer lines, texts not found) of one lookup run."""
    run = subprocess.run([tool, "lookup", "--index", index, "--"] + texts,
                         capture_output=True, text=True, errors="surrogateescape")
    if run.returncode not in (0, 1):
        raise Failure("%s lookup failed with status %d: %s"
                      % (tool, run.returncode, run.stderr.strip()))
    missing = set()
    for line in run.stderr.splitlines():
        found = [t for t in texts if line.endswith(": %s: not found" % t)]
        if not found:
            raise Failure("unexpected message from %s lookup: %s" % (tool, line))
        missing.add(max(found, key=len))
    return run.stdout.splitlines(), missing


def lookup_batch(tool, index, texts):
    """The answers to texts, in order.  Answers come on standard output, one
    line per query answered, and "not found" on standard error naming the
    query; when the two cannot be matched up, each query is asked alone."""
    lines, missing = run_lookup(tool, index, texts)
    answered = [t for t in texts if t not in missing]
    if len(lines) != len(answered):
        if len(texts) == 1:
            raise Failure("%s lookup %s printed %d lines" % (tool, texts[0], len(lines)))
        return [a for t in texts for a in lookup_batch(tool, index, [t])]
    by_text = dict(zip(answered, (parse_answer_line(line) for line in lines)))
    return [by_text.get(t) for t in texts]


def tool_answers(tool, index, queries):
    answers = {}
    askable = [q for q in queries if not unaskable_reason(q)]
    texts = list(dict.fromkeys(query_text(q) for q in askable))
    for start in range(0, len(texts), LOOKUP_BATCH):
        batch = texts[start:start + LOOKUP_BATCH]
        answers.update(zip(batch, lookup_batch(tool, index, batch)))
    return {q: answers[query_text(q)] for q in askable}


def unaskable_reason(query):
    """Why "iana-services lookup" would read the query as another one."""
    if query.kind == "name" and query.key.isdigit():
        return "a name of digits only reads as a port number to iana-services lookup"
    return None


# --- answers through glibc --------------------------------------------------

def glibc_answers(build_dir, index, queries):
    """Asks glibc itself, in a private mount namespace whose nsswitch.conf
    says "services: iana"."""
    if not os.path.exists(os.path.join(build_dir, "libnss_iana.so.2")):
        raise Failure("%s holds no libnss_iana.so.2" % build_dir)
    env = dict(os.environ)
    if index is not None:
        env["NSS_IANA_INDEX"] = os.path.abspath(index)
    return namespace_answers([build_dir, "iana"], [], queries, env)


def files_answers(reference, queries):
    """Asks glibc's own nss_files, in a private mount namespace whose
    nsswitch.conf says "services: files" and whose /etc/services is the
    reference."""
    return namespace_answers([HERE, "files"], [os.path.abspath(reference)], queries,
                             dict(os.environ))


def namespace_answers(namespace, worker_arguments, queries, env):
    """Runs this script as a worker in tests/e2e/in-namespace.sh NAMESPACE,
    the queries on its standard input, and reads its answers."""
    command = ["sh", os.path.join(HERE, "in-namespace.sh")] + namespace + [
        sys.executable, os.path.abspath(__file__), "--answer-with-libc"] + worker_arguments
    stdin = "".join("%s\t%s\t%s\n" % (q.kind, q.key, q.proto or "") for q in queries)
    run = subprocess.run(command, input=stdin, capture_output=True, text=True,
                         errors="surrogateescape", env=env)
    if run.returncode == SKIPPED:
        raise Skipped(run.stderr.strip())
    lines = run.stdout.splitlines()
    if run.returncode != 0 or len(lines) != len(queries):
        raise Failure("the glibc worker failed (status %d, %d answers for %d queries): %s"
                      % (run.returncode, len(lines), len(queries), run.stderr.strip()))
    return {q: None if line == "-" else parse_answer_line(line)
            for q, line in zip(queries, lines)}


def libc_lookups():
    """getservbyname_r and getservbyport_r through ctypes, each as a
    function of (name or port, protocol or None) to an answer line, bytes
    as glibc gives them."""
    import ctypes
    import errno
    import socket

    class Servent(ctypes.Structure):
        _fields_ = [("s_name", ctypes.c_char_p),
                    ("s_aliases", ctypes.POINTER(ctypes.c_char_p)),
                    ("s_port", ctypes.c_int), ("s_proto", ctypes.c_char_p)]

    libc = ctypes.CDLL(None)
    tail = [ctypes.c_char_p, ctypes.POINTER(Servent), ctypes.c_char_p, ctypes.c_size_t,
            ctypes.POINTER(ctypes.POINTER(Servent))]
    libc.getservbyname_r.argtypes = [ctypes.c_char_p] + tail
    libc.getservbyport_r.argtypes = [ctypes.c_int] + tail

    def ask(function, key, proto):
        size = 1024
        while True:
            entry, found = Servent(), ctypes.POINTER(Servent)()
            buf = ctypes.create_string_buffer(size)
            error = function(key, proto, ctypes.byref(entry), buf, size, ctypes.byref(found))
            if error != errno.ERANGE or size > 1 << 20:
                break
            size *= 4
        if not found:
            return b"-"
        words = [entry.s_name, b"%d/%s" % (socket.ntohs(entry.s_port & 0xFFFF), entry.s_proto)]
        for alias in entry.s_aliases:
            if alias is None:
                break
            words.append(alias)
        return b" ".join(words)

    return {b"name": lambda name, proto: ask(libc.getservbyname_r, name, proto),
            b"port": lambda port, proto: ask(libc.getservbyport_r, socket.htons(int(port)), proto)}


def answer_with_libc(services_file):
    """The worker: one "kind<TAB>key<TAB>proto" query a line on standard
    input, one answer line ("-" when none) on standard output.  Inside the
    namespace, services_file (if any) is mounted over /etc/services."""
    if services_file is not None:
        subprocess.run(["mount", "--bind", services_file, "/etc/services"], check=True)
    lookups = libc_lookups()
    for line in sys.stdin.buffer.read().split(b"\n"):
        if line:
            kind, key, proto = line.split(b"\t")
            sys.stdout.buffer.write(lookups[kind](key, proto or None) + b"\n")
    return 0


# --- answers from the Python model -----------------------------------------

def oracle_answers(registry, local_files, queries):
    sys.path.insert(0, os.path.join(HERE, "..", "oracle"))
    import registry_oracle as oracle
    local = [e for path in local_files for e in oracle.local_entries(path)]
    registry_entries = oracle.read_entries(registry)
    model = oracle.Model(oracle.merge(local, registry_entries))
    answers = {}
    for q in queries:
        if q.kind == "name":
            text = model.by_name(q.key, q.proto or "*")
        else:
            text = model.port(q.key, q.proto or "*")
        words = text.split()
        answers[q] = None if text == "-" else Service(words[0], int(words[1]), words[2],
                                                       tuple(words[3:]))
    return answers


# --- the comparison ---------------------------------------------------------

def show(s):
    return "'%s'" % " ".join(["%s %d/%s" % (s.name, s.port, s.proto)] + list(s.aliases))


def difference(got, want, asked, label):
    """Why the answer got from what was asked ("the index") is not the
    reference's answer want."""
    if got is None:
        return "%s has no answer; %s %s" % (asked, label, show(want))
    if (got.port, got.proto) != (want.port, want.proto):
        return "%s answers %s; %s %s" % (asked, show(got), label, show(want))
    where = "%d/%s" % (got.port, got.proto)
    short = asked.replace("the ", "")
    if got.name != want.name:
        text = "%s names %s '%s'; %s '%s'" % (asked, where, got.name, label, want.name)
        if got.aliases != want.aliases:
            text += " (aliases: %s [%s]; %s [%s])" % (
                short, " ".join(got.aliases), label, " ".join(want.aliases))
        return text
    return "aliases of %s %s: %s [%s]; %s [%s]" % (
        got.name, where, short, " ".join(got.aliases), label, " ".join(want.aliases))


def compare(services, answers_for, asked, label):
    """(number of queries, [(query, reason)] for each answer that differs)."""
    queries = reference_queries(services)
    answers = answers_for(queries)
    differences = []
    for q in queries:
        want = reference_answer(services, q)
        if unaskable_reason(q) and q not in answers:
            differences.append((q, "not asked: " + unaskable_reason(q)))
            continue
        got = answers[q]
        if got != want:
            differences.append((q, difference(got, want, asked, label)))
    return len(queries), differences


def report(total, differences, min_share, out):
    identical = total - len(differences)
    share = identical / total if total else 0.0
    out.write("queries answered by the reference  %d\n" % total)
    out.write("identical answers                  %d (%.2f%%)\n" % (identical, 100 * share))
    out.write("required                           %.2f%%\n" % (100 * min_share))
    if differences:
        out.write("different (%d):\n" % len(differences))
        for q, reason in differences:
            out.write("  %s: %s\n" % (query_text(q), reason))
    return share


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0].replace("\n", " "),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reference", help="the services(5) file nss_files would read")
    parser.add_argument("--index", help="the index to ask")
    parser.add_argument("--tool", help="iana-services, to ask through its lookup command")
    parser.add_argument("--glibc", metavar="BUILD_DIR",
                        help="ask glibc, with libnss_iana.so.2 from BUILD_DIR")
    parser.add_argument("--oracle", metavar="REGISTRY", help="ask the Python model of REGISTRY")
    parser.add_argument("--files", action="store_true",
                        help="ask glibc's nss_files reading REFERENCE (checks the model)")
    parser.add_argument("--local", action="append", default=[],
                        help="with --oracle: a services(5) overlay (repeatable)")
    parser.add_argument("--min-share", type=float, default=0.99,
                        help="the share of identical answers needed to pass (default 0.99)")
    parser.add_argument("--label", help="the reference's name in the report "
                        "(default: its file name up to the first '-')")
    args = parser.parse_args(argv)
    backends = [b for b in (args.tool, args.glibc, args.oracle, args.files or None)
                if b is not None]
    if len(backends) != 1:
        parser.error("give exactly one of --tool, --glibc, --oracle and --files")
    if args.tool is not None and args.index is None:
        parser.error("--tool needs --index")
    if args.local and args.oracle is None:
        parser.error("--local goes with --oracle (the index was built with its overlays)")
    if not 0.0 <= args.min_share <= 1.0:
        parser.error("--min-share is a share between 0 and 1")
    return args


def answer_source(args):
    if args.files:
        return lambda queries: files_answers(args.reference, queries)
    if args.tool is not None:
        return lambda queries: tool_answers(args.tool, args.index, queries)
    if args.glibc is not None:
        return lambda queries: glibc_answers(args.glibc, args.index, queries)
    return lambda queries: oracle_answers(args.oracle, args.local, queries)


def main(argv):
    if argv[:1] == ["--answer-with-libc"] and len(argv) <= 2:
        return answer_with_libc(argv[1] if len(argv) == 2 else None)
    args = parse_arguments(argv)
    if not os.path.exists(args.reference):
        print("SKIP: no reference file %s" % args.reference)
        return SKIPPED
    label = args.label or os.path.basename(args.reference).split("-")[0]
    try:
        asked = "nss_files" if args.files else "the index"
        total, differences = compare(read_services(args.reference), answer_source(args),
                                     asked, label)
    except Skipped as e:
        print(e)
        return SKIPPED
    except (Failure, OSError) as e:
        print("%s: %s" % (os.path.basename(sys.argv[0]), e), file=sys.stderr)
        return 2
    share = report(total, differences, args.min_share, sys.stdout)
    return 0 if total and share >= args.min_share else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
