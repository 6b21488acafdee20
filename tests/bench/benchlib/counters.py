"""Instructions and cache misses per lookup, so that each gain in time is
explained, not just measured.  With the processor's counters when the
machine exposes them (perf stat); else counted by valgrind's cachegrind,
whose instruction count is exact and whose cache misses are those of a
simulated cache of the size of this machine's first two levels.

Each figure is the difference between two runs of bench-lookup's counting
mode, one and three passes after a warming pass, divided by the lookups of
the two passes between them: what loading, mapping and warming cost falls
out.

With cachegrind, the module's instructions and L1 misses are also told
apart by stage: each source line of the module is charged to the function
that holds it in the source, inlined or not (the bench builds with -g,
which changes no code), so that the stages of a lookup -- the snapshot,
the protocol, the hash walk, the record, the copy -- can be compared
before and after a change."""
import json
import re
import shutil
import subprocess
from collections import defaultdict
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


# A function's first line in this project's sources: a type, the name, "(",
# at the start of a line (the style puts the return type on the same line).
DEFINITION = re.compile(r"^(?:static\s+|inline\s+|__attribute__\(\(\w+\)\)\s+|const\s+)*"
                        r"(?:struct\s+|enum\s+|unsigned\s+)?\w+[\s*]+\**(\w+)\(")
MODULE_SOURCES = ("/nss/", "/src/index/")


class SourceFunctions:
    """Which function of the module's sources holds a given line."""

    def __init__(self):
        self.starts = {}

    def starts_of(self, path):
        if path not in self.starts:
            found = []
            try:
                lines = Path(path).read_text().splitlines()
            except OSError:
                lines = []
            for number, line in enumerate(lines, 1):
                m = DEFINITION.match(line)
                name = m.group(1) if m and m.group(1) != "__attribute__" else None
                before = lines[number - 2] if number > 1 else ";"
                if name and not line.rstrip().endswith(";"):
                    found.append((number, name))
                elif (re.match(r"^\w+\(", line) and not before.rstrip().endswith(";") and
                      ("(" not in before or "__attribute__" in before)):
                    found.append((number, line.split("(")[0]))  # type on the line before
            self.starts[path] = found
        return self.starts[path]

    def stage(self, path, line):
        name = None
        for start, function in self.starts_of(path):
            if start > line:
                break
            name = function
        return f"{Path(path).name}:{name or '?'}"


def cachegrind_counts(command, env, out, functions=None):
    r = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=yes",
                        f"--D1={SIMULATED_D1}", f"--LL={SIMULATED_LL}",
                        f"--cachegrind-out-file={out}", *command],
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                       check=True)
    text = out.read_text().splitlines()
    events = next(l for l in text if l.startswith("events:")).split()[1:]
    totals = dict(zip(events, map(int, next(l for l in text if l.startswith("summary:")).split()[1:])))
    counts = {"instructions": totals["Ir"], "l1d_misses": totals["D1mr"] + totals["D1mw"],
              "cache_misses": totals["DLmr"] + totals["DLmw"]}
    if functions is not None:
        counts["stages"] = module_stages(text, events, functions)
    return lookups_of(r.stdout), counts


def module_stages(text, events, functions):
    """{stage: [instructions, L1 misses]} over the module's source lines."""
    ir, d1r, d1w = (events.index(e) for e in ("Ir", "D1mr", "D1mw"))
    stages = defaultdict(lambda: [0, 0])
    path = None
    for line in text:
        if line.startswith("fl="):
            path = line[3:]
            # The project's sources by absolute path; glibc's are relative
            # ("./nss/...").
            inside = path.startswith("/") and any(part in path for part in MODULE_SOURCES)
        elif line[:1].isdigit() and inside:
            fields = line.split()
            values = [int(v) for v in fields[1:]] + [0] * len(events)
            stage = stages[functions.stage(path, int(fields[0]))]
            stage[0] += values[ir]
            stage[1] += values[d1r] + values[d1w]
    return stages


def per_lookup(bench, source, label, counter, work, env=None):
    out = work / f"counters-{source}-{label}.out"
    env = env or bench.env
    one = counter(bench_command(bench, source, label, 1), env, out)
    three = counter(bench_command(bench, source, label, 3), env, out)
    lookups = three[0] - one[0]
    result = {k: (three[1][k] - one[1][k]) / lookups if three[1][k] is not None else None
              for k in three[1] if k != "stages"}
    if "stages" in three[1]:
        before, after = one[1]["stages"], three[1]["stages"]
        result["stages"] = {k: {"instructions": (v[0] - before.get(k, [0, 0])[0]) / lookups,
                                "l1d_misses": (v[1] - before.get(k, [0, 0])[1]) / lookups}
                            for k, v in after.items()}
    return result


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
    backends = [(b, b, None) for b in BACKENDS]
    if getattr(bench, "baseline_env", None):
        backends.append(("iana_before", "iana", bench.baseline_env))
    for name, source, env in backends:
        (work / name).mkdir(exist_ok=True)
        count = counter
        if tool == "cachegrind" and name != "floor":
            functions = SourceFunctions()
            count = lambda c, e, o, f=functions: cachegrind_counts(c, e, o, f)  # noqa: E731
        result["backends"][name] = {l: per_lookup(bench, source, l, count, work / name, env)
                                    for l in LABELS}
    return result
