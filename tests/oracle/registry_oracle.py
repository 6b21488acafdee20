#!/usr/bin/env python3
"""A second, independent model of the registry semantics, used as the test
oracle.  It reads the registry with Python's own XML and CSV readers and
answers lookups with dictionaries, so that the tests compare the C code's
answers against a model that shares none of its code.

    registry_oracle.py [--local FILE]... REGISTRY dump
        every entry, in order, as "name port/proto alias..." lines
    registry_oracle.py [--local FILE]... REGISTRY ranges
        the same with each port range whole: "name first-last/proto ..."
        (a registry snapshot's entry lines)
    registry_oracle.py [--local FILE]... REGISTRY expect
        lookup queries with their expected answers, tab-separated:
          N <name> <proto or *> <answer or ->   (getservbyname)
          P <port> <proto or *> <answer or ->   (getservbyport)
        where an answer is "name port proto alias...".
    registry_oracle.py [--local FILE]... REGISTRY facts
        what the tests check counts and dates against, one "key value" a
        line: entries, aliases, ranges, tcp_udp_entries (of the index,
        local files included), updated (the registry's date, or "unknown"), and the
        source, format and sha256 of the registry file (for a snapshot,
        of the file it was made from).

REGISTRY is IANA's XML or CSV, or a registry snapshot
(data/service-names-port-numbers.snapshot), read here by its own reader:
"# KEY: VALUE" header lines, then "name port[-last]/proto alias..." lines
holding the entries as compiled.

The rules modelled (the project's contract):
  - a record is an entry only with a name (without spaces), a port or
    range and a protocol;
  - 'This entry is an alias to "X"' makes the record's name an alias of
    X's entry with the same ports and protocol (an entry of its own when
    there is no such X);
  - exact duplicates (name, ports, protocol) are dropped;
  - by name: the first entry whose name or alias equals the query (and
    protocol), else the first that equals it ignoring ASCII case;
  - by port: the first single-port entry on the port (and protocol), else
    the first range covering it, answering with the port asked;
  - local services(5) files come first, in file order, aliases as written;
    an entry (local or registry) whose name, port and protocol equal an
    earlier local entry's and whose aliases are all among that entry's is
    dropped as redundant.
"""
import argparse
import csv
import hashlib
import io
import os
import re
import sys
import xml.etree.ElementTree as ET

ALIAS_NOTE = re.compile(r'This entry is an alias to "([^"]+)"')
PROTOCOLS = ("tcp", "udp", "sctp", "dccp")


class Entry:
    def __init__(self, name, first, last, proto, aliases=None):
        self.name, self.first, self.last, self.proto = name, first, last, proto
        self.aliases = list(aliases or [])

    def key(self):
        return (self.name, self.first, self.last, self.proto)

    def answer(self, port=None):
        port = self.first if port is None else port
        return " ".join([self.name, str(port), self.proto] + self.aliases)

    def line(self):
        return " ".join(["%s %d/%s" % (self.name, self.first, self.proto)] + self.aliases)

    def ranged_line(self):
        ports = str(self.first) if self.first == self.last else "%d-%d" % (self.first, self.last)
        return " ".join(["%s %s/%s" % (self.name, ports, self.proto)] + self.aliases)


def xml_records(data):
    root = ET.fromstring(data)
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    for record in root.findall(ns + "record"):
        def text(tag):
            element = record.find(ns + tag)
            return "".join(element.itertext()).strip() if element is not None else ""
        yield text("name"), text("number"), text("protocol"), text("note")


def csv_records(text):
    for row in csv.DictReader(io.StringIO(text, newline="")):
        yield (row["Service Name"].strip(), row["Port Number"].strip(),
               row["Transport Protocol"].strip(), row.get("Assignment Notes") or "")


SNAPSHOT_FIRST_LINE = "# nss-iana registry snapshot 1"


def is_snapshot(data):
    return data.startswith(SNAPSHOT_FIRST_LINE.encode() + b"\n")


def snapshot_header(text):
    """The "# key: value" lines of the comment block after the first line."""
    header = {}
    for line in text.split("\n")[1:]:
        if not line.startswith("#"):
            break
        match = re.match(r"# ([a-z0-9]+): (.*)$", line)
        if match:
            header[match.group(1)] = match.group(2)
    return header


def snapshot_entries(text):
    entries = []
    for line in text.split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        name, ports, *aliases = line.split()
        number, proto = ports.split("/")
        first, last = parse_ports(number)
        entries.append(Entry(name, first, last, proto, aliases))
    declared = int(snapshot_header(text)["entries"])
    if declared != len(entries):
        sys.exit("registry_oracle: the snapshot announces %d entries and has %d"
                 % (declared, len(entries)))
    return entries


def read_file(path):
    with open(path, "rb") as f:
        return f.read()


def read_records(path):
    data = read_file(path)
    text = data.decode("utf-8-sig")
    if text.lstrip().startswith("<"):
        return list(xml_records(data))
    return list(csv_records(text))


def read_entries(path):
    """The registry's entries, compiled from its records or, for a
    snapshot, as it lists them."""
    data = read_file(path)
    if is_snapshot(data):
        return snapshot_entries(data.decode("utf-8"))
    return registry_entries(read_records(path))


def registry_origin(path):
    """The registry file an index built from path records: for a snapshot,
    the one it was made from, as its header says."""
    data = read_file(path)
    if is_snapshot(data):
        header = snapshot_header(data.decode("utf-8"))
        return {"source": header["source"], "format": header["format"],
                "sha256": header["sha256"]}
    xml = data.decode("utf-8-sig").lstrip().startswith("<")
    return {"source": os.path.basename(path), "format": "XML" if xml else "CSV",
            "sha256": hashlib.sha256(data).hexdigest()}


def registry_date(path):
    data = read_file(path)
    if is_snapshot(data):
        return snapshot_header(data.decode("utf-8"))["updated"]
    if data.decode("utf-8-sig").lstrip().startswith("<"):
        return xml_date(data)
    return "unknown"


def xml_date(data):
    """The registry's own <updated>, a child of its root element, read up
    to there only: the whole file is parsed once, for its records."""
    depth = 0
    for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
        depth += 1 if event == "start" else -1
        if event == "end" and depth == 1 and element.tag.rsplit("}", 1)[-1] == "updated":
            return (element.text or "").strip() or "unknown"
    return "unknown"


def parse_ports(number):
    first, _, last = number.partition("-")
    return int(first), int(last or first)


def registry_entries(records):
    entries, seen, pending = [], set(), []
    for name, number, proto, note in records:
        if not name or not number or not proto or " " in name:
            continue
        first, last = parse_ports(number)
        match = ALIAS_NOTE.search(note)
        if match and match.group(1) != name:
            placeholder = Entry(name, first, last, proto)
            placeholder.target = match.group(1)
            entries.append(placeholder)
            pending.append(placeholder)
            continue
        entry = Entry(name, first, last, proto)
        if entry.key() in seen:
            continue
        seen.add(entry.key())
        entries.append(entry)
    by_key = {e.key(): e for e in entries if not hasattr(e, "target")}
    dropped = set()
    for alias in pending:
        target = by_key.get((alias.target, alias.first, alias.last, alias.proto))
        if target is not None:
            if alias.name != target.name and alias.name not in target.aliases:
                target.aliases.append(alias.name)
            dropped.add(id(alias))
        elif alias.key() in by_key:
            dropped.add(id(alias))
        else:
            by_key[alias.key()] = alias
    return [e for e in entries if id(e) not in dropped]


def covered(by_key, entry):
    """Whether an earlier entry with the same name, ports and protocol has
    every alias of entry, so that entry can answer nothing it does not."""
    first = by_key.get(entry.key())
    return first is not None and set(entry.aliases) <= set(first.aliases)


def local_entries(paths):
    entries, by_key = [], {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                fields = line.split("#", 1)[0].split()
                if len(fields) < 2:
                    continue
                port, _, proto = fields[1].partition("/")
                entry = Entry(fields[0], int(port), int(port), proto, fields[2:])
                if covered(by_key, entry):
                    continue
                by_key.setdefault(entry.key(), entry)
                entries.append(entry)
    return entries


def merge(local, registry):
    by_key = {}
    for e in local:
        by_key.setdefault(e.key(), e)
    return local + [e for e in registry if not covered(by_key, e)]


class Model:
    def __init__(self, entries):
        self.entries = entries
        self.exact, self.folded, self.by_port, self.ranges = {}, {}, {}, []
        for e in entries:
            for name in [e.name] + e.aliases:
                for proto in (e.proto, "*"):
                    self.exact.setdefault((name, proto), e)
                    self.folded.setdefault((name.lower(), proto), e)
            if e.first == e.last:
                for proto in (e.proto, "*"):
                    self.by_port.setdefault((e.first, proto), e)
            else:
                self.ranges.append(e)

    def by_name(self, name, proto):
        e = self.exact.get((name, proto)) or self.folded.get((ascii_lower(name), proto))
        return e.answer() if e else "-"

    def port(self, port, proto):
        e = self.by_port.get((port, proto))
        if e is None:
            e = next((r for r in self.ranges
                      if r.first <= port <= r.last and proto in (r.proto, "*")), None)
        return e.answer(port) if e else "-"


def ascii_lower(s):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def ascii_swapcase(s):
    return "".join(chr(ord(c) ^ 32) if c.isascii() and c.isalpha() else c for c in s)


def expectations(model):
    names = {}
    for e in model.entries:
        for name in [e.name] + e.aliases:
            names.setdefault(name, set()).add(e.proto)
    for name, protos in names.items():
        for proto in sorted(protos | {"*"} | {p for p in PROTOCOLS if p not in protos}):
            yield "N", name, proto, model.by_name(name, proto)
        swapped = ascii_swapcase(name)
        if swapped != name:
            for proto in sorted(protos) + ["*"]:
                yield "N", swapped, proto, model.by_name(swapped, proto)
    for i in range(200):
        yield "N", "no-such-service-%d" % i, "*", model.by_name("no-such-service-%d" % i, "*")
    for port in range(65536):
        for proto in ("tcp", "udp", "*"):
            yield "P", str(port), proto, model.port(port, proto)
    for e in model.entries:
        if e.proto not in ("tcp", "udp"):
            yield "P", str(e.first), e.proto, model.port(e.first, e.proto)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--local", action="append", default=[])
    parser.add_argument("registry")
    parser.add_argument("command", choices=("dump", "ranges", "expect", "facts"))
    args = parser.parse_args()
    local = local_entries(args.local)
    entries = merge(local, read_entries(args.registry))
    out = sys.stdout
    if args.command in ("dump", "ranges"):
        for e in entries:
            out.write((e.line() if args.command == "dump" else e.ranged_line()) + "\n")
    elif args.command == "facts":
        out.write("entries %d\n" % len(entries))
        out.write("aliases %d\n" % sum(len(e.aliases) for e in entries))
        out.write("ranges %d\n" % sum(e.first != e.last for e in entries))
        out.write("tcp_udp_entries %d\n" % sum(e.proto in ("tcp", "udp") for e in entries))
        out.write("updated %s\n" % registry_date(args.registry))
        for key, value in registry_origin(args.registry).items():
            out.write("%s %s\n" % (key, value))
    else:
        for kind, query, proto, answer in expectations(Model(entries)):
            out.write("%s\t%s\t%s\t%s\n" % (kind, query, proto, answer))


if __name__ == "__main__":
    main()
