"""From bench-lookup's records to figures: medians over repetitions, answer
checks, ratios of measurements from the same run, and the targets."""
import statistics

from .common import HITS, MISSES, PORTS

def stats(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)} if values else None


def per_lookup(record, rep_ns):
    return rep_ns / (record["passes"] * record["lookups_per_pass"])


def summarize(results):
    """Per backend and workload: ns per lookup over repetitions, first pass,
    what was found and the digest of the answers."""
    summary = {}
    for backend, by_label in results.items():
        for label, records in by_label.items():
            warm = [per_lookup(r, ns) for r in records for ns in r["rep_ns"]]
            first = [r["first_ns"] / r["lookups_per_pass"] for r in records]
            last = records[-1]
            summary.setdefault(backend, {})[label] = {
                "ns_per_lookup": stats(warm), "first_pass_ns_per_lookup": stats(first),
                "lookups_per_pass": last["lookups_per_pass"], "found": last["found"],
                "first_found": last["first_found"], "digest": last["digest"],
                "digests_agree_across_processes": len({r["digest"] for r in records}) == 1}
    for backend in [b for b in summary if b.endswith("_first")] + ["iana"]:
        if backend in summary:
            first_of = {l: {**v, "ns_per_lookup": v["first_pass_ns_per_lookup"]}
                        for l, v in summary[backend].items()}
            name = backend if backend.endswith("_first") else backend + "_first"
            summary[name] = first_of
    return summary


def check_answers(summary):
    """iana must find every hit and no miss, the same in every process; a
    backend that finds under half the hits is not set up, and its figures
    would mean nothing.  Smaller differences from iana are the backends'
    own (nss_db's Makefile, for one, splits aliases such as "cl/1" at the
    slash) and go into the notes."""
    problems, notes = [], []
    reference = summary.get("iana", {})
    for backend, by_label in summary.items():
        if backend.startswith("floor"):
            continue
        for label, s in by_label.items():
            lookups = s["lookups_per_pass"]
            wrong = []
            if label in HITS and s["found"] != lookups:
                wrong.append(f"found {s['found']} of {lookups} hits")
            if label in MISSES and s["found"] != 0:
                wrong.append(f"answered {s['found']} of {lookups} misses")
            if not s["digests_agree_across_processes"]:
                wrong.append("answers changed between processes")
            broken = label in HITS and s["found"] * 2 < lookups
            for w in wrong:
                (problems if backend.startswith("iana") or broken else notes).append(
                    f"{backend} {label}: {w}")
            ref = reference.get(label)
            # files and db answer a sample: their digests are of other sets.
            same_set = ref and s["lookups_per_pass"] == ref["lookups_per_pass"]
            if same_set and label != "sweep_tcp" and s["digest"] != ref["digest"]:
                notes.append(f"{backend} {label}: answers differ from iana's")
        if "sweep_tcp" in by_label and not backend.endswith("_first"):
            notes.append(f"{backend} sweep_tcp: answers {by_label['sweep_tcp']['found']} "
                         f"of {PORTS} ports")
    return problems, sorted(set(notes))


def paired_ratios(results, numerator, denominator, label):
    """numerator/denominator per repetition, both measured back to back."""
    a = [per_lookup(r, ns) for r in results[numerator][label] for ns in r["rep_ns"]]
    b = [per_lookup(r, ns) for r in results[denominator][label] for ns in r["rep_ns"]]
    return stats([x / y for x, y in zip(a, b)])


def ratios(results, summary):
    out = {}
    for label in ("name_proto", "name_any", "alias", "name_miss", "port_proto", "port_miss",
                  "sweep_tcp", "enumerate", "threads2"):
        row = {"iana/floor": paired_ratios(results, "iana", "floor", label)}
        if label in results.get("iana_before", {}):
            row["iana_before/floor"] = paired_ratios(results, "iana_before", "floor", label)
        iana = summary["iana"][label]["ns_per_lookup"]["median"]
        for other in ("files", "db", "nscd_tuned", "nscd_default", "nscd_default_first"):
            s = summary.get(other, {}).get(label)
            if s:
                row[f"{other}/iana"] = s["ns_per_lookup"]["median"] / iana
        out[label] = row
    return out


def target(name, value, limit, met, unit=""):
    return {"target": name, "value": value, "limit": limit, "met": bool(met), "unit": unit}


# The workloads the targets name, with how the tables call them.
TARGET_WORKLOADS = [("name_proto", "by name"), ("name_any", "by name, any protocol"),
                    ("alias", "by alias"), ("name_miss", "miss by name"),
                    ("port_proto", "by port"), ("port_miss", "miss by port"),
                    ("threads2", "by name, 2 threads at once")]


def lookup_targets(summary, ratio):
    t = []
    for label, what in TARGET_WORKLOADS:
        r = ratio[label]
        t.append(target(f"{what}: iana within 2x of the floor", r["iana/floor"]["median"], 2,
                        r["iana/floor"]["median"] <= 2, "x"))
        if "nscd_tuned/iana" in r:
            t.append(target(f"{what}: ahead of warm tuned nscd (nscd/iana)", r["nscd_tuned/iana"],
                            1, r["nscd_tuned/iana"] >= 1, "x"))
    for label, what in (("name_proto", "by name"), ("port_proto", "by port")):
        r = ratio[label]
        if "files/iana" in r:
            t.append(target(f"{what}: over 1,000x faster than files", r["files/iana"], 1000,
                            r["files/iana"] > 1000, "x"))
        if "db/iana" in r:
            t.append(target(f"{what}: over 500x faster than db", r["db/iana"], 500,
                            r["db/iana"] > 500, "x"))
    sweep_ms = summary["iana"]["sweep_tcp"]["ns_per_lookup"]["median"] * PORTS / 1e6
    t.append(target("port-to-name over 65,536 ports", sweep_ms, 10, sweep_ms < 10, "ms"))
    if "files" in summary:
        e_iana = summary["iana"]["enumerate"]["ns_per_lookup"]["median"]
        e_files = summary["files"]["enumerate"]["ns_per_lookup"]["median"]
        t.append(target("enumeration faster than files (files/iana)", e_files / e_iana, 1,
                        e_files > e_iana, "x"))
    return t


def cold_targets(cold):
    t = []
    for kind in ("by_name", "by_port"):
        i, f = cold.get(f"iana_{kind}"), cold.get(f"floor_{kind}")
        if i and f:
            more = i["median_ms"] - f["median_ms"]
            t.append(target(f"cold getent {kind}: iana's process over the floor's", more, 0.1,
                            more <= 0.1, "ms"))
    return t


def size_targets(sizes):
    t = [target("index of the registry and the traditional names at most 256 KiB",
                sizes["index_traditional"] / 1024, 256,
                sizes["index_traditional"] <= 256 * 1024, "KiB"),
         target("index smaller than the services(5) text", sizes["index"] / 1024,
                sizes["services_text"] / 1024, sizes["index"] < sizes["services_text"], "KiB")]
    if sizes.get("db"):
        t.append(target("index under a tenth of nss_db's file", sizes["index"] / 1024,
                        sizes["db"] / 10240, sizes["index"] * 10 < sizes["db"], "KiB"))
    return t


def targets(summary, ratio, extra):
    t = lookup_targets(summary, ratio) + cold_targets(extra.get("cold", {}))
    t += size_targets(extra["sizes"])
    if extra.get("build"):
        b = extra["build"]["median_ms"]
        t.append(target("index build from the XML", b, 200, b < 200, "ms"))
    allocs = extra["allocations"]["iana"]
    worst = max(r["allocations"] / r["lookups"] for r in allocs.values())
    t.append(target("heap allocations per lookup", worst, 0, worst == 0, ""))
    return t
