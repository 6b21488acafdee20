"""What every part of the benchmark shares: the workloads, running
commands, logging."""
import subprocess
import sys
import time

PORTS = 65536

# The lookup workloads: label, bench-lookup kind, description.
WORKLOADS = [
    ("name_proto", "name", "hit by name, with protocol"),
    ("name_any", "name", "hit by name, any protocol (NULL)"),
    ("alias", "name", "hit by alias, with protocol"),
    ("name_miss", "name", "miss by name"),
    ("port_proto", "port", "hit by port, with protocol"),
    ("port_miss", "port", "miss by port (unassigned tcp ports)"),
    ("sweep_tcp", "sweep", "port-to-name, all 65,536 tcp ports"),
    ("enumerate", "enumerate", "getservent, per entry"),
    ("threads2", "name", "hit by name with protocol, 2 threads at once"),
]

HITS = {"name_proto", "name_any", "alias", "port_proto", "threads2"}

MISSES = {"name_miss", "port_miss"}

START = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - START:6.1f}s] {message}", file=sys.stderr, flush=True)


def run(command, **kwargs):
    return subprocess.run([str(c) for c in command], check=True, **kwargs)


def mount_bind(source, target):
    run(["mount", "--bind", source, target])
