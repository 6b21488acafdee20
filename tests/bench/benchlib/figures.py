"""The figures besides lookups: heap allocations, resident memory, cold
getent processes and the index build, the last two timed by hyperfine."""
import json
import shutil
import statistics
import subprocess
from pathlib import Path

from .common import log, mount_bind, run

def count_allocations(bench, backends):
    """Heap allocations per lookup, after a warming pass: 100,000 lookups for
    the fast backends, 2,000 (one pass) for the slow ones."""
    counts = {}
    labels = ["name_proto", "port_proto", "name_miss", "port_miss"]
    for backend, source in backends.items():
        lookups = "100000" if backend in ("floor", "iana") else "1"
        specs = [bench.specs[l] for l in labels]
        out = run([bench.programs["bench"], "--source", source, "--count-allocs", lookups, *specs],
                  env=bench.env, stdout=subprocess.PIPE, text=True).stdout
        counts[backend] = {r["label"]: r for r in map(json.loads, out.splitlines())}
    return counts


def valgrind_allocations(bench):
    """valgrind's own count for iana, independent of our counting malloc:
    the process's total for one pass and for fifty must be the same."""
    if shutil.which("valgrind") is None:
        return None
    totals = {}
    for lookups in (1, 100000):
        err = subprocess.run(["valgrind", bench.programs["bench"], "--source", "iana",
                              "--count-allocs", str(lookups), bench.specs["name_proto"]],
                             env=bench.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True).stderr
        line = next((l for l in err.splitlines() if "total heap usage" in l), "")
        totals[lookups] = int(line.split("usage:")[1].split()[0].replace(",", "")) if line else None
    queries = len(Path(bench.specs["name_proto"].split(":", 1)[1]).read_text().splitlines())
    extra = -(-100000 // queries) * queries - queries
    return {"allocs_one_pass": totals[1], "allocs_many_passes": totals[100000],
            "extra_lookups": extra}


def resident_memory(bench, backends):
    labels = ["name_proto", "name_any", "alias", "name_miss", "port_proto", "port_miss",
              "enumerate"]
    rss = {}
    for backend, source in backends.items():
        out = run([bench.programs["bench"], "--source", source, "--rss",
                   *[bench.specs[l] for l in labels]],
                  env=bench.env, stdout=subprocess.PIPE, text=True).stdout
        r = json.loads(out)
        rss[backend] = r["after_kib"] - r["before_kib"]
    return rss


def hyperfine_times(name, command, runs, env, work, warmup):
    """Seconds taken by each of runs runs of command, as hyperfine times them."""
    out = work / f"hyperfine-{name}.json"
    run(["hyperfine", "-N", "--style", "none", "--warmup", warmup, "--runs", runs,
         "--export-json", out, "--", " ".join(str(c) for c in command)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.loads(out.read_text())["results"][0]["times"]


def process_stats(command, times):
    ms = [t * 1e3 for t in times]
    return {"median_ms": statistics.median(ms), "min_ms": min(ms), "max_ms": max(ms),
            "runs": len(ms), "command": " ".join(str(c) for c in command)}


def cold_query(small_entries, registry_entries):
    """A query both services files answer: the middle entry of the small
    file that the registry has on the same port and protocol."""
    registry = {(e["name"], e["port"], e["proto"]) for e in registry_entries}
    common = [e for e in small_entries if (e["name"], e["port"], e["proto"]) in registry]
    e = common[len(common) // 2]
    return {"by_name": ["getent", "services", e["name"]],
            "by_port": ["getent", "services", f"{e['port']}/{e['proto']}"]}


COLD_ROUNDS = 5


def cold_getent(env, switch, a, work, query):
    """Whole `getent services` processes, through /etc/nsswitch.conf.  The
    cases take turns, a batch of runs each per round, so that a change in
    the machine's load falls on all of them alike."""
    cases = [("iana", "iana", None), ("files_registry", "files", None),
             ("files_debian", "files", a.small_services), ("db", "db", None),
             ("floor", "floor", None)]
    times = {}
    batch = max(1, a.cold_runs // COLD_ROUNDS)
    for round_number in range(COLD_ROUNDS):
        log(f"cold getent: round {round_number + 1}/{COLD_ROUNDS}")
        for case, source, services in cases:
            switch.set(source)
            if services is not None:
                mount_bind(services, "/etc/services")
            try:
                for kind, command in query.items():
                    times.setdefault((case, kind), []).extend(
                        hyperfine_times(f"{case}-{kind}", command, batch, env, work, 2))
            finally:
                if services is not None:
                    run(["umount", "/etc/services"])
    switch.set("files")
    return {f"{case}_{kind}": process_stats(query[kind], t) for (case, kind), t in times.items()}


def build_time(programs, a, env, work):
    command = [programs["tool"], "build", "--quiet", "--output", work / "build-timing.idx",
               a.registry]
    return process_stats(command, hyperfine_times("build", command, 10, env, work, 2))
