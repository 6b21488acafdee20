#!/usr/bin/env python3
"""Renders IANA's registry XML as its web page reads when saved as text, for
the tests of the page reader: every record a row of the registry table, in
registry order, then the people as a contact table.

    render_page.py REGISTRY.xml plain       cells separated by single spaces,
                                           a cell's line breaks kept (rows
                                           wrap, blank lines inside them)
    render_page.py REGISTRY.xml pipes       a pipe table: empty cells dropped,
                                           the outer pipes kept, a row wrapped
                                           onto an indented line after a cell
                                           that had line breaks
    render_page.py REGISTRY.xml bare-pipes  the same without the leading pipe,
                                           under an indented "- " header

The page is written to standard output.  Nothing of it is kept: the tests
render it afresh from the registry they are given.
"""
import sys
import xml.etree.ElementTree as ET

COLUMNS = ["Service Name", "Port Number", "Transport Protocol", "Description", "Assignee",
           "Contact", "Registration Date", "Modification Date", "Reference", "Service Code",
           "Unauthorized Use Reported", "Assignment Notes"]
TITLE = "Service Name and Transport Protocol Port Number Registry"


def local(tag):
    return tag.rsplit("}", 1)[-1]


def xref_text(element):
    """A reference as the page shows it: [RFC6335], [http://...], [Person]."""
    data = element.get("data", "")
    return "[" + (data.upper() if element.get("type") == "rfc" else data) + "]"


def text_of(element, line_break):
    """An element's text, <xref> as "[data]", <br/> as line_break."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        name = local(child.tag)
        parts.append(line_break if name == "br" else xref_text(child) if name == "xref" else
                     text_of(child, line_break))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def cells_of(record, line_break):
    def child(name):
        return next((c for c in record if local(c.tag) == name), None)

    def xrefs(parent, kinds):
        found = [c for c in (parent if parent is not None else []) if local(c.tag) == "xref"]
        return " ".join(xref_text(c) for c in found if (c.get("type") == "person") == kinds)

    return [text_of(child("name"), line_break), text_of(child("number"), line_break),
            text_of(child("protocol"), line_break), text_of(child("description"), line_break),
            xrefs(child("assignee"), True), xrefs(record, True), record.get("date", ""),
            record.get("updated", ""), xrefs(record, False), text_of(child("sc"), line_break),
            text_of(child("unauthorized"), line_break), text_of(child("note"), line_break)]


def plain_row(cells):
    return " ".join(c for c in cells if c)


def pipe_row(cells, outer):
    """Empty cells dropped (and made up for by pipes at the end); a cell with
    line breaks ends the line, the row going on on an indented one."""
    kept = [c for c in cells if c]
    lines, current = [], "| " if outer else ""
    for i, cell in enumerate(kept):
        wrapped = "\n" in cell
        current += " ".join(cell.replace("|", "\\|").split()) + " | "
        if wrapped and i + 1 < len(kept):
            lines.append(current)
            current = " " * 12
    lines.append(current + "|" * (len(COLUMNS) - len(kept)))
    return "\n".join(line.rstrip() if line.strip() else line for line in lines)


def page_header(root, style):
    updated = next(text_of(c, " ") for c in root if local(c.tag) == "updated")
    bullet = "" if style == "plain" else " - " if style == "bare-pipes" else "- "
    lines = ["Internet Assigned Numbers Authority", "", TITLE, ""]
    for label, value in [("Last Updated", updated), ("Expert(s)", ""),
                         ("TCP/UDP: Joe Touch; Eliot Lear", None), ("Reference", "[RFC6335]")]:
        lines.append((bullet if value is not None else "") + label)
        if value is not None:
            lines.append(bullet + value if value or style == "plain" else bullet.rstrip())
    lines += ["", "Available Formats", "CSV", "XML", "HTML", "Plain text"]
    return lines


def people_rows(root, style):
    people = next((c for c in root if local(c.tag) == "people"), [])
    header = ["ID", "Name", "Organization", "Contact URI", "Last Updated"]
    rows = [header] + [["[" + p.get("id") + "]"] + [text_of(next((c for c in p if local(c.tag) == k), None), " ")
                                                  for k in ("name", "org", "uri", "updated")]
                       for p in people]
    if style == "plain":
        return [plain_row(r) for r in rows]
    outer = style == "pipes"
    lines = [pipe_row(rows[0], outer), ("|" if outer else "") + "---|" * len(header)]
    return lines + [pipe_row(r, outer) for r in rows[1:]]


def render(root, style):
    out = page_header(root, style)
    records = [c for c in root if local(c.tag) == "record"]
    if style == "plain":
        out.append(plain_row(COLUMNS))
        out += [plain_row(cells_of(r, "\n")) for r in records]
    else:
        outer = style == "pipes"
        out.append(pipe_row(COLUMNS, outer))
        out.append(("|" if outer else "") + "---|" * len(COLUMNS))
        out += [pipe_row(cells_of(r, " "), outer) for r in records]
    out += ["", "Contact Information", ""] + people_rows(root, style)
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("plain", "pipes", "bare-pipes"):
        sys.exit(__doc__)
    root = ET.parse(sys.argv[1]).getroot()
    sys.stdout.write(render(root, sys.argv[2]))


if __name__ == "__main__":
    main()
