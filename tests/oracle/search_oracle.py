#!/usr/bin/env python3
"""A second model of `iana-services search`, sharing none of its code: the
entries of registry_oracle.py, with each entry's description and RFC
references read here from IANA's XML, matched and ranked by the rules of
search(1) written out in Python.

    search_oracle.py [--local FILE]... [--protocol PROTO] REGISTRY.xml WORD...

prints the entries found, best first, as "name port/proto alias..." lines.

The rules modelled:
  - a word matches an entry when, ignoring ASCII case, it is part of the
    name, of an alias or of the description (runs of white space read as
    one space), or when it is one of the RFC references ("RFC4120") or
    its number ("4120"); every word must match;
  - rank: some word equals a name or alias; else some word starts one;
    else the rest; registry order within a rank;
  - a local entry has the description of the registry entry with its
    name, ports and protocol.
"""
import argparse
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import registry_oracle as oracle  # noqa: E402


def ascii_lower(text):
    return oracle.ascii_lower(text)


def prose(path):
    """(name, first, last, proto) -> (description, [references]), the
    first record with that key."""
    root = ET.fromstring(oracle.read_file(path))
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    table = {}
    for record in root.findall(ns + "record"):
        def text(tag):
            element = record.find(ns + tag)
            return " ".join("".join(element.itertext()).split()) if element is not None else ""
        name, number, proto = text("name"), text("number"), text("protocol")
        if not name or not number or not proto:
            continue
        first, last = oracle.parse_ports(number)
        references = ["RFC" + x.get("data")[3:] for x in record.findall(ns + "xref")
                      if x.get("type") == "rfc" and x.get("data", "").startswith("rfc")]
        table.setdefault((name, first, last, proto), (text("description"), references))
    return table


def rank(entry, description, references, words):
    names = [ascii_lower(n) for n in [entry.name] + entry.aliases]
    best = 3
    for word in words:
        if any(n == word for n in names):
            here = 0
        elif any(n.startswith(word) for n in names):
            here = 1
        elif (any(word in n for n in names) or word in ascii_lower(description)
              or any(word in (ascii_lower(r), ascii_lower(r[3:])) for r in references)):
            here = 2
        else:
            return None
        best = min(best, here)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--local", action="append", default=[])
    parser.add_argument("--protocol")
    parser.add_argument("registry")
    parser.add_argument("words", nargs="+")
    args = parser.parse_args()
    entries = oracle.merge(oracle.local_entries(args.local), oracle.read_entries(args.registry))
    table = prose(args.registry)
    words = [ascii_lower(w) for w in args.words]
    found = []
    for position, e in enumerate(entries):
        if args.protocol is not None and e.proto != args.protocol:
            continue
        description, references = table.get(e.key(), ("", []))
        r = rank(e, description, references, words)
        if r is not None:
            found.append((r, position, e))
    for _, _, e in sorted(found, key=lambda f: (f[0], f[1])):
        sys.stdout.write(e.line() + "\n")


if __name__ == "__main__":
    main()
