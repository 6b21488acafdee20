#!/usr/bin/env python3
"""A loopback HTTP server for the `update` tests: it serves the files of a
directory by name, and misbehaves in the ways a real download can.

    server.py [--tls CERT KEY] [--validators] [--ignore-conditions]
              [--etag-file FILE] [--request-log FILE]
              DIRECTORY [--serve URLPATH=FILE]...

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
    /hostile-etag/KIND  the XML registry with a hostile ETag, KIND one of
                      long (300 characters), cr (a bare CR, then what would
                      be a header), control (a control character); its
                      Last-Modified is sound; conditions are ignored

With --validators each file is served with an ETag (what the --etag-file
holds at the time of the request, else a hash of the file) and a Last-Modified (the file's time), and a request
whose If-None-Match matches that ETag, or without one, whose
If-Modified-Since is not before that time, gets 304 Not Modified, unless
--ignore-conditions.  With --request-log FILE each request appends a line
to FILE: its path, its If-None-Match, its If-Modified-Since ("-" when
absent) and the names of its headers, comma-separated, tab-separated.
"""
import argparse
import email.utils
import hashlib
import http.server
import os
import re
import ssl
import sys
import time

XML_NAME = "service-names-port-numbers.xml"
HOSTILE_ETAGS = {
    "long": b'"' + b"e" * 298 + b'"',
    "cr": b'"abc"\rX-Injected: yes',
    "control": b'"ab\x01c"',
}
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
    validators = False
    ignore_conditions = False
    etag_file = None
    request_log = None

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

    def log_request_headers(self, path):
        if self.request_log is None:
            return
        fields = [path, self.headers.get("If-None-Match", "-"),
                  self.headers.get("If-Modified-Since", "-"), ",".join(self.headers.keys())]
        with open(self.request_log, "a") as log:
            log.write("\t".join(fields) + "\n")

    def file_validators(self, path):
        """The ETag and Last-Modified of a file, as bytes."""
        body = self.read(path)
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        if self.etag_file is not None:
            with open(self.etag_file) as f:
                etag = f.read().strip()
        mtime = int(os.path.getmtime(self.files[path]))
        return etag.encode("latin-1"), email.utils.formatdate(mtime, usegmt=True).encode()

    def not_modified(self, etag, last_modified):
        if self.ignore_conditions:
            return False
        if "If-None-Match" in self.headers:
            return self.headers["If-None-Match"].encode("latin-1") == etag
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        return when >= email.utils.parsedate_to_datetime(last_modified.decode())

    def send_with_validators(self, status, body, etag, last_modified):
        """Headers written raw: a hostile ETag must reach the client as it is."""
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self._headers_buffer.append(b"ETag: " + etag + b"\r\n")
        self._headers_buffer.append(b"Last-Modified: " + last_modified + b"\r\n")
        self.end_headers()
        self.wfile.write(body)

    def send_file(self, path):
        if not self.validators:
            self.send_body(200, self.read(path))
            return
        etag, last_modified = self.file_validators(path)
        if self.not_modified(etag, last_modified):
            self.send_with_validators(304, b"", etag, last_modified)
        else:
            self.send_with_validators(200, self.read(path), etag, last_modified)

    def hostile_etag(self, kind):
        path = "/" + XML_NAME
        _, last_modified = self.file_validators(path)
        self.send_with_validators(200, self.read(path), HOSTILE_ETAGS[kind], last_modified)

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
        self.log_request_headers(path)
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
        kind = path[len("/hostile-etag/"):] if path.startswith("/hostile-etag/") else None
        if path in special:
            special[path]()
        elif kind in HOSTILE_ETAGS:
            self.hostile_etag(kind)
        elif path in self.files:
            self.send_file(path)
        else:
            self.send_body(404, b"no such file\n", "text/plain")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--serve", action="append", default=[], metavar="URLPATH=FILE")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--validators", action="store_true")
    parser.add_argument("--ignore-conditions", action="store_true")
    parser.add_argument("--etag-file", metavar="FILE")
    parser.add_argument("--request-log", metavar="FILE")
    args = parser.parse_args()
    Handler.validators = args.validators
    Handler.ignore_conditions = args.ignore_conditions
    Handler.etag_file = args.etag_file
    Handler.request_log = args.request_log
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
