#!/usr/bin/env python3
"""Stand-ins for IANA's registry files, for the `update` and `diff` tests on
a machine without them beside the project:

    registry_copies.py SNAPSHOT DIRECTORY

writes into DIRECTORY, from a registry snapshot (data/):
  service-names-port-numbers.xml
      the snapshot's entries in IANA's XML, in order, dated as the
      snapshot is; each alias a record of its own noted 'This entry is an
      alias to "X"', after its entry;
  service-names-port-numbers-2024-06.csv
      an older registry in IANA's CSV, undated as IANA's CSV is: the same
      entries without every 250th, and with one retired entry every 500, so
      that going from it to the XML adds and removes entries.

What the tests expect of these files comes from the model of the registry
(tests/oracle), as for IANA's own files.
"""
import os
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracle"))
import registry_oracle  # noqa: E402

ALIAS_NOTE = 'This entry is an alias to "%s".'


def ports(entry):
    return str(entry.first) if entry.first == entry.last else "%d-%d" % (entry.first, entry.last)


def records(entries):
    """(name, number, protocol, note) of each entry and then its aliases."""
    for e in entries:
        yield e.name, ports(e), e.proto, ""
        for alias in e.aliases:
            yield alias, ports(e), e.proto, ALIAS_NOTE % e.name


def write_xml(path, entries, updated):
    with open(path, "w", encoding="utf-8") as f:
        f.write("<?xml version='1.0' encoding='UTF-8'?>\n"
                '<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">\n'
                "  <title>Service Name and Transport Protocol Port Number Registry</title>\n"
                "  <updated>%s</updated>\n" % updated)
        for name, number, proto, note in records(entries):
            f.write("  <record>\n    <name>%s</name>\n    <protocol>%s</protocol>\n"
                    "    <number>%s</number>\n" % (escape(name), escape(proto), number))
            if note:
                f.write("    <note>%s</note>\n" % escape(note))
            f.write("  </record>\n")
        f.write("</registry>\n")


def csv_field(text):
    return '"%s"' % text.replace('"', '""') if any(c in text for c in ',"\n') else text


def older(entries):
    kept = []
    for i, e in enumerate(entries):
        if i % 500 == 0:
            kept.append(registry_oracle.Entry("retired-%d" % i, e.first, e.last, e.proto))
        if i % 250 != 249:
            kept.append(e)
    return kept


def write_csv(path, entries):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("Service Name,Port Number,Transport Protocol,Description,Assignment Notes\r\n")
        for name, number, proto, note in records(entries):
            f.write(",".join([csv_field(name), number, proto, "", csv_field(note)]) + "\r\n")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    snapshot, directory = sys.argv[1:]
    entries = registry_oracle.read_entries(snapshot)
    os.makedirs(directory, exist_ok=True)
    write_xml(os.path.join(directory, "service-names-port-numbers.xml"), entries,
              registry_oracle.registry_date(snapshot))
    write_csv(os.path.join(directory, "service-names-port-numbers-2024-06.csv"), older(entries))


if __name__ == "__main__":
    main()
