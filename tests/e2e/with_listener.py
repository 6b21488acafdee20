#!/usr/bin/env python3
"""Runs a command while a TCP server listens on a loopback port.

    with_listener.py PORT COMMAND [ARG]...

The socket listens on 127.0.0.1:PORT before COMMAND starts, so COMMAND can
connect at once: no waiting, no race.  Each connection gets one line back,
"server on port PORT got: LINE", for the first line it sends.  The server
ends with COMMAND, whose exit status is this script's.  Meant for a private
network namespace (unshare --net), where any port is free.
"""
import socket
import subprocess
import sys
import threading

# A client that never sends its line must not hold the server forever.
CLIENT_TIMEOUT_SECONDS = 10


def answer(connection, port):
    with connection:
        connection.settimeout(CLIENT_TIMEOUT_SECONDS)
        try:
            line = connection.makefile("rb").readline().rstrip(b"\n")
            connection.sendall(b"server on port %d got: %s\n" % (port, line))
        except OSError:
            pass


def serve(listener, port):
    while True:
        connection, _ = listener.accept()
        answer(connection, port)


def main(argv):
    if len(argv) < 2 or not argv[0].isdigit():
        print(__doc__.strip(), file=sys.stderr)
        return 2
    port = int(argv[0])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(8)
    threading.Thread(target=serve, args=(listener, port), daemon=True).start()
    return subprocess.run(argv[1:]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
