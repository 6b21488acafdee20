"""Timing lookups through glibc: bench-lookup run for each backend, in the
order and repetitions that make the ratios fair."""
import json
import subprocess

from .common import WORKLOADS, log, run
from .system import nscd_config, start_nscd, stop_nscd

# Debian's nscd.conf has 211; the tuned table is sized for the registry.
NSCD_SIZES = {"nscd_default": 211, "nscd_tuned": 49999}


class Bench:
    """Runs bench-lookup and gathers its JSON lines by backend and label."""

    def __init__(self, programs, env, specs, sample_specs):
        self.programs, self.env, self.specs = programs, env, specs
        self.sample_specs = sample_specs
        self.baseline_env = None  # an earlier version's module and index (--baseline)
        self.results = {}

    def run(self, backend, source, labels, *options, sample=False, env=None):
        specs = [(self.sample_specs if sample else self.specs)[l] for l in labels]
        out = run([self.programs["bench"], "--source", source, *options, *specs],
                  env=env or self.env, stdout=subprocess.PIPE, text=True).stdout
        records = [json.loads(line) for line in out.splitlines()]
        for r in records:
            self.results.setdefault(backend, {}).setdefault(r["label"], []).append(r)
        return records


def lookup_labels(exclude=()):
    return [l for l, _, _ in WORKLOADS if l != "threads2" and l not in exclude]


def run_fast_backends(bench, switch, a):
    """floor and iana alternate, one process per repetition, so that each
    iana/floor ratio pairs two neighbouring measurements; also both through
    /etc/nsswitch.conf, as a program without __nss_configure_lookup pays."""
    timing = ["--reps", "1", "--min-ms", a.min_ms]
    for rep in range(a.reps):
        log(f"floor, iana: repetition {rep + 1}/{a.reps}")
        for backend in ("floor", "iana"):
            bench.run(backend, backend, lookup_labels(), *timing)
            bench.run(backend, backend, ["threads2"], *timing, "--threads", "2")
        if bench.baseline_env:
            bench.run("iana_before", "iana", lookup_labels(exclude=["sweep_tcp", "enumerate"]),
                      *timing, env=bench.baseline_env)
        for backend in ("floor", "iana"):
            switch.set(backend)
            bench.run(backend + "_nsswitch", "-", ["name_proto", "port_proto"], *timing)
        switch.set("files")


def run_slow_backend(bench, backend, a):
    """nss_files and nss_db answer the first --slow-queries of each set: a
    full set would take them minutes a pass."""
    log(f"{backend}: lookups")
    slow = ["--digest-first", "--min-ms", a.min_ms]
    bench.run(backend, backend, lookup_labels(exclude=["sweep_tcp"]), "--reps", a.reps, *slow,
              sample=True)
    bench.run(backend, backend, ["threads2"], "--reps", a.reps, "--threads", "2", *slow,
              sample=True)
    if not a.quick:
        log(f"{backend}: sweep of 65,536 ports, {a.sweep_reps} repetitions")
        bench.run(backend, backend, ["sweep_tcp"], "--reps", a.sweep_reps, *slow)


def run_nscd(bench, switch, work, a):
    """Per table size: a fresh daemon; a first process asks every query once
    (the first pass, each query new to the cache), a second one then times
    the warm cache, which holds every query by then."""
    labels = lookup_labels(exclude=["enumerate"] + (["sweep_tcp"] if a.quick else []))
    switch.set("files")
    for backend, size in NSCD_SIZES.items():
        config = work / f"{backend}.conf"
        nscd_config(config, size)
        start_nscd(config)
        try:
            log(f"{backend}: first pass ({size} buckets)")
            bench.run(backend + "_first", "-", labels, "--reps", "1", "--min-ms", "1",
                      "--digest-first")
            log(f"{backend}: warm")
            bench.run(backend, "-", labels, "--reps", a.reps, "--min-ms", a.min_ms)
            bench.run(backend, "-", ["threads2"], "--reps", a.reps, "--min-ms", a.min_ms,
                      "--threads", "2")
        finally:
            stop_nscd()


def optional(notes, what, function, *args):
    """Runs a backend that the machine may not support; its failure is a
    note in the results rather than the end of the run."""
    try:
        function(*args)
    except (subprocess.CalledProcessError, RuntimeError, OSError) as e:
        log(f"{what} failed: {e}")
        notes.append(f"{what} skipped: {e}")
