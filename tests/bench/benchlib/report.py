"""The results as people read them: Markdown tables and an SVG chart."""
import shutil

from .common import PORTS, WORKLOADS, run

# Backends, in table order; "first" columns are first passes.
COLUMNS = [
    ("floor", "floor"), ("iana", "iana"), ("iana_first", "iana, 1st pass"),
    ("nscd_tuned", "nscd warm, 49,999"), ("nscd_default", "nscd warm, 211"),
    ("nscd_default_first", "nscd 1st pass"), ("db", "db"), ("files", "files"),
]


def duration(ns):
    if ns is None:
        return "—"
    for unit, scale in (("ns", 1), ("µs", 1e3), ("ms", 1e6), ("s", 1e9)):
        if ns < scale * 1000 or unit == "s":
            v = ns / scale
            return f"{v:.0f} {unit}" if v >= 100 else f"{v:.3g} {unit}"
    return ""


def spread(ns_stats):
    if not ns_stats:
        return "—"
    return f"{duration(ns_stats['median'])} ({duration(ns_stats['min'])}–{duration(ns_stats['max'])})"


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def lookup_table(summary):
    header = ["workload (ns per lookup, median (min–max))"] + [c for _, c in COLUMNS]
    rows = []
    for label, _, description in WORKLOADS:
        row = [description]
        for backend, _ in COLUMNS:
            s = summary.get(backend, {}).get(label)
            row.append(spread(s["ns_per_lookup"]) if s else "—")
        rows.append(row)
    return markdown_table(header, rows)


def whole_pass_table(summary):
    rows = []
    for label, count, what in (("sweep_tcp", PORTS, "port-to-name, 65,536 tcp ports"),
                               ("enumerate", None, "full enumeration (getservent)")):
        row = [what]
        for backend, _ in COLUMNS:
            s = summary.get(backend, {}).get(label)
            if not s:
                row.append("—")
                continue
            n = count or s["lookups_per_pass"]
            m = s["ns_per_lookup"]
            row.append(f"{duration(m['median'] * n)} ({duration(m['min'] * n)}–{duration(m['max'] * n)})")
        rows.append(row)
    return markdown_table(["whole pass"] + [c for _, c in COLUMNS], rows)


def ratio_table(ratio):
    keys = ["iana/floor", "nscd_tuned/iana", "nscd_default/iana", "nscd_default_first/iana",
            "db/iana", "files/iana"]
    rows = []
    for label, _, description in WORKLOADS:
        row = [description]
        for k in keys:
            v = ratio[label].get(k)
            if isinstance(v, dict):
                row.append(f"{v['median']:.2f} ({v['min']:.2f}–{v['max']:.2f})")
            else:
                row.append(f"{v:,.0f}" if v and v >= 100 else f"{v:.2f}" if v else "—")
        rows.append(row)
    return markdown_table(["ratio (same run)"] + keys, rows)


def target_table(ts):
    rows = []
    for t in ts:
        fmt = (lambda v: f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}")
        rows.append([t["target"], f"{fmt(t['value'])} {t['unit']}".strip(),
                     f"{fmt(t['limit'])} {t['unit']}".strip(), "met" if t["met"] else "**missed**"])
    return markdown_table(["target", "measured", "limit", ""], rows)


def other_table(extra, summary):
    rows = []
    for case, c in extra.get("cold", {}).items():
        rows.append([f"cold `{c['command']}` ({case})",
                     f"{c['median_ms']:.2f} ms ({c['min_ms']:.2f}–{c['max_ms']:.2f}), "
                     f"{c['runs']} runs"])
    if extra.get("build"):
        b = extra["build"]
        rows.append(["index build from the XML (whole process)",
                     f"{b['median_ms']:.0f} ms ({b['min_ms']:.0f}–{b['max_ms']:.0f})"])
    s = extra["sizes"]
    for key, what in (("index", "index (services.idx) of the registry"),
                      ("index_traditional", "index of the registry and data/traditional-services"),
                      ("descriptions", "its descriptions file (read by the tool only, never mapped by the module)"),
                      ("services_text", "services(5) text of it"),
                      ("db", "nss_db services.db"), ("debian_services", "Debian's /etc/services")):
        if s.get(key):
            rows.append([what, f"{s[key]:,} bytes ({s[key] / 1024:.0f} KiB)"])
    for backend, kib in extra.get("rss", {}).items():
        rows.append([f"resident memory added, {backend}", f"{kib:,} KiB"])
    for backend, counts in extra.get("allocations", {}).items():
        parts = [f"{l} {r['allocations'] / r['lookups']:g}" for l, r in counts.items()]
        rows.append([f"heap allocations per lookup, {backend}", ", ".join(parts)])
    for label in ("name_proto", "port_proto"):
        via = [summary.get(f"{b}_nsswitch", {}).get(label) for b in ("floor", "iana")]
        if all(via):
            rows.append([f"through /etc/nsswitch.conf, no __nss_configure_lookup: {label}",
                         f"floor {spread(via[0]['ns_per_lookup'])}, "
                         f"iana {spread(via[1]['ns_per_lookup'])}"])
    v = extra.get("valgrind")
    if v:
        rows.append(["valgrind, iana: total allocations of the process",
                     f"{v['allocs_one_pass']} with one pass, {v['allocs_many_passes']} with "
                     f"{v['extra_lookups']:,} more lookups"])
    return markdown_table(["measure", "value"], rows)


SUMMARY_WORKLOADS = [("name_proto", "by name, with protocol"), ("name_any", "by name, any protocol"),
                     ("alias", "by alias"), ("name_miss", "miss by name"),
                     ("port_proto", "by port, with protocol"), ("port_miss", "miss by port")]


def ns(summary, backend, label):
    s = summary.get(backend, {}).get(label)
    return s["ns_per_lookup"]["median"] if s else None


def counter_cells(counters, label):
    if not counters:
        return ["—", "—", "—"]
    iana, floor = counters["backends"]["iana"][label], counters["backends"]["floor"][label]
    return [f"{iana['instructions']:,.0f} (floor {floor['instructions']:,.0f})",
            f"{iana['l1d_misses']:.2f} (floor {floor['l1d_misses']:.2f})",
            f"{iana['cache_misses']:.3f}" if iana["cache_misses"] is not None else "—"]


def summary_table(report):
    """The figures the README carries: every workload against the floor and
    warm tuned nscd (and the version before, when it was timed), with what
    each iana lookup executes and misses."""
    summary, ratio, counters = report["lookups"], report["ratios"], report.get("counters")
    before = "iana_before" in summary
    rows = []
    for label, what in SUMMARY_WORKLOADS:
        floor, iana, nscd = (ns(summary, b, label) for b in ("floor", "iana", "nscd_tuned"))
        r = ratio[label]["iana/floor"]
        row = [what, duration(floor)]
        if before:
            b = ratio[label].get("iana_before/floor")
            row += [duration(ns(summary, "iana_before", label)), f"{b['median']:.2f}" if b else "—"]
        row += [duration(iana), f"{r['median']:.2f}", duration(nscd),
                f"{nscd / iana:.2f}" if nscd else "—", *counter_cells(counters, label)]
        rows.append(row)
    header = ["ns per lookup (median)", "floor"]
    if before:
        header += ["iana before", "before/floor"]
    header += ["iana", "iana/floor", "nscd warm, tuned", "nscd/iana", "instructions per lookup",
               "L1d misses per lookup", "cache misses per lookup"]
    return markdown_table(header, rows)


def counters_note(counters):
    if not counters:
        return "Instructions and cache misses: neither perf nor valgrind could count here."
    if counters["tool"] == "perf":
        return ("Instructions and misses per lookup from the processor's counters (perf stat): "
                "L1 data-cache load misses, and cache misses as perf counts them.")
    return ("Instructions per lookup counted by valgrind (cachegrind), exactly; misses from its "
            f"simulated caches (L1 data {counters['simulated']['D1']}, last level "
            f"{counters['simulated']['LL']}: size, ways, line), since this machine's perf "
            "cannot read the processor's counters.  Each is the difference between runs of one "
            "and three passes after a warming pass, per lookup of the two passes.")


STAGE_LABELS = [("name_proto", "by name"), ("name_any", "name, any"), ("alias", "by alias"),
                ("name_miss", "name miss"), ("port_proto", "by port"), ("port_miss", "port miss")]
STAGE_ROWS = 24


def stage_table(counters):
    """The module's instructions and L1 misses per lookup by stage (source
    function, inlined code included), each workload after (and before,
    when a baseline was counted)."""
    backends = (counters or {}).get("backends", {})
    iana = backends.get("iana", {})
    if not iana or "stages" not in iana.get("name_proto", {}):
        return "Stages: counted only with cachegrind."
    before = backends.get("iana_before", {})
    totals = {}
    for label, _ in STAGE_LABELS:
        for stage, v in iana[label]["stages"].items():
            totals[stage] = totals.get(stage, 0) + v["instructions"]
    ordered = [k for k, v in sorted(totals.items(), key=lambda kv: -kv[1]) if v >= 3]
    shown = ordered[:STAGE_ROWS]

    def cell(stages, names):
        ir = sum(stages.get(n, {}).get("instructions", 0) for n in names)
        l1 = sum(stages.get(n, {}).get("l1d_misses", 0) for n in names)
        return f"{ir:,.0f} / {l1:.2f}" if abs(ir) >= 0.5 or l1 >= 0.01 else "—"

    rows = []
    for stage in shown + ["other", "module total"]:
        names = {"other": [k for k in totals if k not in shown],
                 "module total": list(totals)}.get(stage, [stage])
        row = [stage]
        for label, _ in STAGE_LABELS:
            row.append(cell(iana[label]["stages"], names))
        rows.append(row)
    parts = [markdown_table(["stage (after): instructions / L1d misses per lookup",
                             *[w for _, w in STAGE_LABELS]], rows)]
    if before and "stages" in before.get("name_proto", {}):
        old = {}
        for label, _ in STAGE_LABELS:
            for stage, v in before[label]["stages"].items():
                old[stage] = old.get(stage, 0) + v["instructions"]
        old_shown = [k for k, v in sorted(old.items(), key=lambda kv: -kv[1]) if v >= 3][:STAGE_ROWS]
        rows = []
        for stage in old_shown + ["other", "module total"]:
            names = {"other": [k for k in old if k not in old_shown],
                     "module total": list(old)}.get(stage, [stage])
            rows.append([stage, *[cell(before[label]["stages"], names) for label, _ in STAGE_LABELS]])
        parts.append(markdown_table(["stage (before): instructions / L1d misses per lookup",
                                     *[w for _, w in STAGE_LABELS]], rows))
    return "\n\n".join(parts)


def queries_text(config):
    queries, entries = config["queries"], config.get("entries")
    which = ("every entry of the registry" if queries == entries
             else f"{queries:,} entries of the registry")
    return (f"{queries:,} queries per set ({which}, shuffled) for floor, iana and nscd, the "
            f"first {config['slow_queries']:,} of each for files and db")


def render_markdown(report):
    m = report["machine"]
    parts = [
        f"Machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory_gib']} GiB, Linux {m['kernel']}, "
        f"{m['glibc']}, Debian {m['debian']}; {m['date']}; load average "
        f"{' '.join(report['load_before'])} before, {' '.join(report['load_after'])} after.  "
        f"{queries_text(report['config'])}; seed {report['config']['seed']}, "
        f"{report['config']['reps']} repetitions.",
        "### Summary", summary_table(report), counters_note(report.get("counters")),
        "### Where the module's instructions go", stage_table(report.get("counters")),
        "Each line of the module's sources is charged to the function that holds it, "
        "inlined or not (cachegrind on a -g build); glibc's own dispatch, which every "
        "module pays, is not in these figures.",
        "### Lookups through glibc", lookup_table(report["lookups"]),
        "floor answers every query, misses included: it is glibc's cost of asking a module. "
        "1st pass: the first pass over the queries in a fresh process (iana: module loaded and "
        "index mapped on the way; nscd: every query new to its cache). 2 threads: time per "
        "lookup on each of two threads running at once. nscd has no enumeration: glibc does "
        "not ask it for getservent.",
        whole_pass_table(report["lookups"]),
        "### Ratios", ratio_table(report["ratios"]),
        "### Targets", target_table(report["targets"]),
        "### Processes, sizes, memory", other_table(report, report["lookups"]),
    ]
    if report["notes"]:
        parts += ["### Notes", "\n".join(f"- {n}" for n in report["notes"])]
    return "\n\n".join(parts) + "\n"


CHART_SERIES = [("floor", "floor"), ("iana", "iana"), ("nscd_tuned", "nscd warm (49,999)"),
                ("nscd_default", "nscd warm (211)"), ("nscd_default_first", "nscd first pass"),
                ("db", "nss\\_db"), ("files", "nss\\_files")]
CHART_ROWS = [("name_proto", "by name"), ("name_any", "name, any"), ("alias", "by alias"),
              ("name_miss", "name miss"), ("port_proto", "by port"), ("port_miss", "port miss"),
              ("sweep_tcp", "port sweep"), ("enumerate", "getservent"),
              ("threads2", "2 threads")]


def chart(summary, directory):
    """ns per lookup by backend, log scale, as SVG through gnuplot."""
    if shutil.which("gnuplot") is None:
        return None
    data = directory / "chart.dat"
    lines = []
    for label, title in CHART_ROWS:
        values = []
        for backend, _ in CHART_SERIES:
            s = summary.get(backend, {}).get(label)
            values.append(f"{s['ns_per_lookup']['median']:.1f}" if s else "NaN")
        lines.append(f'"{title}" ' + " ".join(values))
    data.write_text("\n".join(lines) + "\n")
    columns = ", ".join(f"'{data}' using {i + 2}:xtic(1) title '{t}'" if i == 0 else
                        f"'' using {i + 2} title '{t}'" for i, (_, t) in enumerate(CHART_SERIES))
    script = f"""
set terminal svg size 1000,520 font 'sans,12' background '#ffffff'
set output '{directory / "chart.svg"}'
set title 'Service lookups through glibc: time per lookup (median of repetitions)'
set logscale y
set yrange [10:3e6]
set ytics ('10 ns' 10, '100 ns' 100, '1 µs' 1e3, '10 µs' 1e4, '100 µs' 1e5, '1 ms' 1e6)
set grid ytics
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics nomirror scale 0
set key outside below horizontal maxrows 1 samplen 2
set datafile missing 'NaN'
plot {columns}
"""
    run(["gnuplot"], input=script, text=True)
    data.unlink()
    return directory / "chart.svg"
