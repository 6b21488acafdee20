"""The data every backend answers from: the index built from the registry,
its services(5) text, nss_db's file, and the query sets derived from them."""
import random
import shutil
import subprocess
from pathlib import Path

from .common import PORTS, run

SEED = 6335  # RFC 6335, the registry's procedures


def default_registry(root):
    """The registry the index is built from: IANA's XML beside the project
    when it is there, else the project's snapshot of it (the same entries)."""
    xml = root.parent / "shared" / "registry" / "service-names-port-numbers.xml"
    return xml if xml.exists() else root / "data" / "service-names-port-numbers.snapshot"


def default_small_services(root):
    """Debian netbase 6.4's /etc/services: the copy beside the project, else
    this machine's own file."""
    copy = root.parent / "shared" / "registry" / "netbase-6.4-services"
    return copy if copy.exists() else Path("/etc/services")


def parse_services(text):
    """The entries of a services(5) text as dicts, in file order."""
    entries = []
    for line in text.splitlines():
        body, _, comment = line.partition("#")
        fields = body.split()
        if len(fields) < 2:
            continue
        port, proto = fields[1].split("/")
        last = int(port)
        if comment.strip().startswith("ports "):
            last = int(comment.split()[1].split("-")[1])
        entries.append({"name": fields[0], "port": int(port), "last": last, "proto": proto,
                        "aliases": fields[2:]})
    return entries


def sample(rng, items, count):
    return rng.sample(items, count) if count <= len(items) else [rng.choice(items) for _ in range(count)]


def missing_name(name, known):
    candidate = name + "-nx"
    while candidate.lower() in known:
        candidate += "x"
    return candidate


def query_sets(entries, count, seed):
    """Query sets derived from the dump, shuffled with a fixed seed."""
    rng = random.Random(seed)
    known = {n.lower() for e in entries for n in [e["name"], *e["aliases"]]}
    covered = set()
    for e in entries:
        covered.update(range(e["port"], e["last"] + 1))
    aliases = list(dict.fromkeys((a, e["proto"]) for e in entries for a in e["aliases"]))
    rng.shuffle(aliases)
    unassigned = [p for p in range(1, PORTS) if p not in covered]
    sets = {
        "name_proto": [(e["name"], e["proto"]) for e in sample(rng, entries, count)],
        "name_any": [(e["name"], "*") for e in sample(rng, entries, count)],
        "alias": aliases,
        "name_miss": [(missing_name(e["name"], known), e["proto"])
                      for e in sample(rng, entries, count)],
        "port_proto": [(e["port"], e["proto"]) for e in sample(rng, entries, count)],
        "port_miss": [(p, "tcp") for p in sample(rng, unassigned, count)],
    }
    sets["threads2"] = sets["name_proto"]
    return sets


def write_query_files(sets, directory):
    directory.mkdir(parents=True, exist_ok=True)
    for label, queries in sets.items():
        (directory / f"{label}.txt").write_text("".join(f"{k}\t{p}\n" for k, p in queries))


def workload_spec(label, kind, queries_dir):
    if kind in ("name", "port"):
        return f"{label}={kind}:{queries_dir / (label + '.txt')}"
    return f"{label}=sweep:tcp" if kind == "sweep" else f"{label}=enumerate"


def build_db(services_file, directory):
    """services.db as Debian's libnss-db builds it: its own Makefile."""
    etc = directory / "etc"
    db = directory / "misc"
    etc.mkdir(parents=True, exist_ok=True)
    db.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(services_file, etc / "services")
    makefile = directory / "libnss-db.mk"
    shutil.copyfile("/var/lib/misc/Makefile", makefile)
    run(["make", "-s", "-f", makefile, f"ETC={etc}", f"VAR_DB={db}", "DBS=services"],
        stdout=subprocess.DEVNULL)
    return db


def prepare_data(a, programs, work):
    """The index, its services(5) text and entries (the query sets are
    drawn from them by run-bench's write_query_sets)."""
    index = work / "services.idx"
    run([programs["tool"], "build", "--quiet", "--output", index, a.registry])
    text = work / "services"
    with open(text, "w") as f:
        run([programs["tool"], "dump", "--index", index], stdout=f)
    return index, text, parse_services(text.read_text())
