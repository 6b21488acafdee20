#!/usr/bin/env python3
"""The expected `iana-services diff --format=tsv OLD NEW` of two registries,
computed from the test oracle's model of the entries (tests/oracle), with
none of the tool's code:

    diff_model.py OLD NEW            the TSV lines
    diff_model.py --counts OLD NEW   "ADDED REMOVED CHANGED UNCHANGED"

An entry is identified by (name, protocol, how many entries with that name
and protocol came before it); changed means a different port range or
alias list.  Added and changed entries come in NEW's order, then the
removed ones in OLD's order.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracle"))
import registry_oracle  # noqa: E402


def identified(entries):
    seen = {}
    result = {}
    order = []
    for e in entries:
        pair = (e.name, e.proto)
        key = pair + (seen.get(pair, 0),)
        seen[pair] = seen.get(pair, 0) + 1
        result[key] = e
        order.append(key)
    return result, order


def side(e):
    if e is None:
        return "-"
    ports = str(e.first) if e.first == e.last else "%d-%d" % (e.first, e.last)
    return " ".join([ports] + e.aliases)


def differences(old_entries, new_entries):
    old, old_order = identified(old_entries)
    new, new_order = identified(new_entries)
    lines, unchanged = [], 0
    for key in new_order:
        before, after = old.get(key), new[key]
        if before is None:
            lines.append(("added", before, after))
        elif (before.first, before.last, before.aliases) != (after.first, after.last, after.aliases):
            lines.append(("changed", before, after))
        else:
            unchanged += 1
    lines += [("removed", old[key], None) for key in old_order if key not in new]
    return lines, unchanged


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", action="store_true")
    parser.add_argument("old")
    parser.add_argument("new")
    args = parser.parse_args()
    entries = [registry_oracle.read_entries(path)
               for path in (args.old, args.new)]
    lines, unchanged = differences(*entries)
    if args.counts:
        kinds = [kind for kind, _, _ in lines]
        print(kinds.count("added"), kinds.count("removed"), kinds.count("changed"), unchanged)
        return
    for kind, before, after in lines:
        shown = after or before
        print("\t".join([kind, shown.name, shown.proto, side(before), side(after)]))


if __name__ == "__main__":
    main()
