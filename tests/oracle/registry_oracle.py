#!/usr/bin/env python3
"""A second, independent model of the registry semantics, used as the test
oracle.  It reads the registry with Python's own XML and CSV readers and
answers lookups with dictionaries, so that the tests compare the C code's
answers against a model that shares none of its code.

    registry_oracle.py [--local FILE]... REGISTRY dump
        every entry, in order, as "name port/proto alias..." lines
    registry_oracle.py [--local FILE]... REGISTRY expect
        lookup queries with their expected answers, tab-separated:
          N <name> <proto or *> <answer or ->   (getservbyname)
          P <port> <proto or *> <answer or ->   (getservbyport)
        where an answer is "name port proto alias...".

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
import io
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


def read_records(path):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8-sig")
    if text.lstrip().startswith("<"):
        return list(xml_records(data))
    return list(csv_records(text))


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
    parser.add_argument("command", choices=("dump", "expect"))
    args = parser.parse_args()
    local = local_entries(args.local)
    entries = merge(local, registry_entries(read_records(args.registry)))
    out = sys.stdout
    if args.command == "dump":
        for e in entries:
            out.write(e.line() + "\n")
    else:
        for kind, query, proto, answer in expectations(Model(entries)):
            out.write("%s\t%s\t%s\t%s\n" % (kind, query, proto, answer))


if __name__ == "__main__":
    main()
