#!/usr/bin/env python3
"""A loopback HTTP server for the `update` tests: it serves the files of a
directory by name, and misbehaves in the ways a real download can.

    server.py [--tls CERT KEY] DIRECTORY [--serve URLPATH=FILE]...

It listens on 127.0.0.1 on a free port and prints that port on its first
line of output; with --tls it speaks https with that certificate and key
(PEM files).  Besides /NAME for each file of DIRECTORY (and each
--serve mapping), it answers:

    /stall            200 with a Content-Length, then sends nothing
    /short            200 with a Content-Length larger than the body it
                      sends (the first half of the XML), then closes
    /truncated.xml    200 with the first half of the XML and a Content-Length
                      that matches: a complete download that does not parse
    /html             200, text/html: a captive portal's page
    /html-as-xml      the same page, served as application/xml
    /error            404
    /server-error     500
    /old.xml          the XML registry with its <updated> date of the
                      registry set back a year
    /chunked.xml      the XML registry, chunked: no Content-Length
    /redirect         302 to /service-names-port-numbers.xml
    /redirect-file    302 to file:///etc/passwd, which must not be followed
"""
import argparse
import http.server
import os
import re
import ssl
import sys
import time

XML_NAME = "service-names-port-numbers.xml"
HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n"
             b"<body><p>Please sign in to use this network.</p></body></html>\n")


def older_registry(data):
    """The registry with its own <updated> (the first one, before any
    record) a year earlier."""
    match = re.search(rb"<updated>(\d{4})-(\d\d-\d\d)</updated>", data)
    if match is None or data.find(b"<record", 0, match.start()) != -1:
        raise SystemExit("server.py: no registry <updated> date in " + XML_NAME)
    year = int(match.group(1)) - 1
    replacement = b"<updated>%d-%s</updated>" % (year, match.group(2))
    return data[: match.start()] + replacement + data[match.end():]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    files = {}

    def log_message(self, format, *args):
        sys.stderr.write("server.py: %s\n" % (format % args))

    def send_body(self, status, body, content_type="application/xml"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def read(self, name):
        with open(self.files[name], "rb") as f:
            return f.read()

    def stall(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        self.wfile.flush()
        time.sleep(60)
        self.close_connection = True

    def first_half(self):
        body = self.read("/" + XML_NAME)
        return body[: len(body) // 2]

    def short(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(os.path.getsize(self.files["/" + XML_NAME])))
        self.end_headers()
        self.wfile.write(self.first_half())
        self.wfile.flush()
        self.close_connection = True

    def chunked(self):
        body = self.read("/" + XML_NAME)
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(body), 65536):
            chunk = body[start:start + 65536]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        special = {
            "/stall": self.stall,
            "/short": self.short,
            "/chunked.xml": self.chunked,
            "/truncated.xml": lambda: self.send_body(200, self.first_half()),
            "/html": lambda: self.send_body(200, HTML_PAGE, "text/html; charset=utf-8"),
            "/html-as-xml": lambda: self.send_body(200, HTML_PAGE),
            "/error": lambda: self.send_body(404, b"not found\n", "text/plain"),
            "/server-error": lambda: self.send_body(500, b"broken\n", "text/plain"),
            "/old.xml": lambda: self.send_body(200, older_registry(self.read("/" + XML_NAME))),
            "/redirect": lambda: self.redirect("/" + XML_NAME),
            "/redirect-file": lambda: self.redirect("file:///etc/passwd"),
        }
        if path in special:
            special[path]()
        elif path in self.files:
            self.send_body(200, self.read(path))
        else:
            self.send_body(404, b"no such file\n", "text/plain")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--serve", action="append", default=[], metavar="URLPATH=FILE")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = parser.parse_args()
    for name in sorted(os.listdir(args.directory)):
        Handler.files["/" + name] = os.path.join(args.directory, name)
    for mapping in args.serve:
        path, _, file = mapping.partition("=")
        Handler.files[path] = file
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*args.tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
