"""Instructions and cache misses per lookup, so that each gain in time is
explained, not just measured.  With the processor's counters when the
machine exposes them (perf stat); else counted by valgrind's cachegrind,
whose instruction count is exact and whose cache misses are those of a
simulated cache of the size of this machine's first two levels.

Each figure is the difference between two runs of bench-lookup's counting
mode, one and three passes after a warming pass, divided by the lookups of
the two passes between them: what loading, mapping and warming cost falls
out."""
import json
import shutil
import subprocess
from pathlib import Path

from .common import log

LABELS = ["name_proto", "name_any", "alias", "name_miss", "port_proto", "port_miss"]
BACKENDS = ["floor", "iana"]
PERF_EVENTS = ["instructions", "cache-misses", "L1-dcache-load-misses"]
# AMD Zen 5 (this machine's EPYC): 48 KiB 12-way L1 data cache, 1 MiB 16-way L2.
SIMULATED_D1 = "49152,12,64"
SIMULATED_LL = "1048576,16,64"


def perf_works():
    """Whether perf stat reads the hardware counters here (virtual machines
    often hide them: perf then prints <not supported>)."""
    if shutil.which("perf") is None:
        return False
    r = subprocess.run(["perf", "stat", "-x,", "-e", "instructions", "true"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return r.returncode == 0 and any(line.split(",")[0].strip().isdigit()
                                     for line in r.stderr.splitlines())


def bench_command(bench, source, label, passes):
    spec = bench.specs[label]
    queries = len(Path(spec.split(":", 1)[1]).read_text().splitlines())
    return [str(bench.programs["bench"]), "--source", source, "--count-allocs",
            str(passes * queries), spec]


def lookups_of(stdout):
    return json.loads(stdout.splitlines()[-1])["lookups"]


def perf_counts(command, env, out):
    r = subprocess.run(["perf", "stat", "-x,", "-o", str(out), "-e", ",".join(PERF_EVENTS),
                        "--", *command], env=env, stdout=subprocess.PIPE, text=True, check=True)
    counts = {}
    for line in out.read_text().splitlines():
        fields = line.split(",")
        if len(fields) > 2 and fields[0].strip().isdigit():
            counts[fields[2]] = int(fields[0])
    return lookups_of(r.stdout), {"instructions": counts.get("instructions"),
                                  "cache_misses": counts.get("cache-misses"),
                                  "l1d_misses": counts.get("L1-dcache-load-misses")}


def cachegrind_counts(command, env, out):
    r = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=yes",
                        f"--D1={SIMULATED_D1}", f"--LL={SIMULATED_LL}",
                        f"--cachegrind-out-file={out}", *command],
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                       check=True)
    text = out.read_text().splitlines()
    events = next(l for l in text if l.startswith("events:")).split()[1:]
    totals = dict(zip(events, map(int, next(l for l in text if l.startswith("summary:")).split()[1:])))
    return lookups_of(r.stdout), {"instructions": totals["Ir"],
                                  "l1d_misses": totals["D1mr"] + totals["D1mw"],
                                  "cache_misses": totals["DLmr"] + totals["DLmw"]}


def per_lookup(bench, source, label, counter, work):
    out = work / f"counters-{source}-{label}.out"
    one = counter(bench_command(bench, source, label, 1), bench.env, out)
    three = counter(bench_command(bench, source, label, 3), bench.env, out)
    lookups = three[0] - one[0]
    return {k: (three[1][k] - one[1][k]) / lookups if three[1][k] is not None else None
            for k in three[1]}


def measure(bench, work):
    """{"tool": ..., "backends": {backend: {label: {instructions, l1d_misses,
    cache_misses}}}}, or None when neither perf nor valgrind can count."""
    if perf_works():
        tool, counter = "perf", perf_counts
    elif shutil.which("valgrind") is not None:
        tool, counter = "cachegrind", cachegrind_counts
    else:
        return None
    log(f"instructions and cache misses per lookup ({tool})")
    result = {"tool": tool, "backends": {}}
    if tool == "cachegrind":
        result["simulated"] = {"D1": SIMULATED_D1, "LL": SIMULATED_LL}
    for backend in BACKENDS:
        result["backends"][backend] = {l: per_lookup(bench, backend, l, counter, work)
                                       for l in LABELS}
    return result
