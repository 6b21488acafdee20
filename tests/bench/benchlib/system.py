"""The machine inside the private mount namespace: packages, the private
/etc/nsswitch.conf, nscd, and what the report says about the machine."""
import os
import platform
import shutil
import signal
import subprocess
import time
from pathlib import Path

from .common import log, mount_bind, run

PACKAGES = {"libnss-db": "/usr/bin/makedb", "nscd": "/usr/sbin/nscd",
            "gnuplot-nox": "gnuplot", "hyperfine": "hyperfine"}


def really_root():
    """Root of the machine, not of a user namespace (which apt cannot use)."""
    first = Path("/proc/self/uid_map").read_text().split()
    return os.geteuid() == 0 and first[:3] == ["0", "0", "4294967295"]


def install_missing(allowed):
    """apt-get installs what the benchmark needs.  Runs inside the namespace,
    with /etc/nsswitch.conf and /run already private, so that package
    scripts cannot change the host's configuration or leave a daemon behind."""
    missing = [p for p, exe in PACKAGES.items() if shutil.which(exe) is None]
    if not missing:
        return []
    if not allowed or not really_root():
        log(f"missing packages (not installed): {' '.join(missing)}")
        return missing
    log(f"apt-get install -y {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run(["apt-get", "install", "-y", *missing], env=env).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env)
        subprocess.run(["apt-get", "install", "-y", *missing], env=env)
    stop_nscd()  # the nscd package starts its daemon: here, in our private /run
    return [p for p, exe in PACKAGES.items() if shutil.which(exe) is None]


class Switch:
    """The private /etc/nsswitch.conf: its services line is rewritten in place
    (the bind mount follows the file, not its name)."""

    def __init__(self, path):
        self.path = path
        others = [l for l in Path("/etc/nsswitch.conf").read_text().splitlines(keepends=True)
                  if not l.startswith("services:")]
        self.others = "".join(others)
        self.set("files")
        mount_bind(path, "/etc/nsswitch.conf")

    def set(self, sources):
        with open(self.path, "w") as f:
            f.write(f"services: {sources}\n{self.others}")


NSCD_PID = Path("/run/nscd/nscd.pid")
NSCD_SOCKET = Path("/run/nscd/socket")


def nscd_config(path, size):
    """Debian's services settings with the given table size.  Negative
    entries live an hour instead of 20 s, so that misses stay cached between
    the first pass and the warm one; nscd starts its data pool at 1 KiB per
    bucket and refuses a table whose pool would outgrow max-db-size, so
    that grows with the table."""
    max_db_size = max(33554432, size * 1024 * 2)
    path.write_text("".join(f"\t{k}\t{v}\n" for k, v in [
        ("debug-level", "0"), ("paranoia", "no"),
        *[("enable-cache", f"{db}\tno") for db in ("passwd", "group", "hosts", "netgroup")],
        ("enable-cache", "services\tyes"), ("positive-time-to-live", "services\t28800"),
        ("negative-time-to-live", "services\t3600"), ("suggested-size", f"services\t{size}"),
        ("check-files", "services\tyes"), ("persistent", "services\tno"),
        ("shared", "services\tyes"), ("max-db-size", f"services\t{max_db_size}")]))


def become_subreaper():
    """Daemons we start (nscd forks away from its parent) are re-parented to
    this process when they detach, so that stopping one can also reap it."""
    import ctypes
    pr_set_child_subreaper = 36
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0)


def start_nscd(config):
    stop_nscd()
    run(["/usr/sbin/nscd", "-f", config])
    for _ in range(100):
        if NSCD_SOCKET.exists() and NSCD_PID.exists():
            return int(NSCD_PID.read_text())
        time.sleep(0.05)
    raise RuntimeError("nscd did not create its socket")


def stop_nscd():
    """Stops the nscd of our private /run/nscd, the only one we may have
    started, by the pid it wrote there."""
    if not NSCD_PID.exists():
        return
    try:
        pid = int(NSCD_PID.read_text())
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ValueError, ProcessLookupError, ChildProcessError):
        pass
    for f in (NSCD_PID, NSCD_SOCKET):
        f.unlink(missing_ok=True)


def machine_info():
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = next((l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines()
                if l.startswith("MemTotal")), "0")
    debian = Path("/etc/debian_version")
    return {"cpu": cpu, "cpus": os.cpu_count(), "memory_gib": round(int(mem) / 1048576, 1),
            "kernel": platform.release(), "glibc": os.confstr("CS_GNU_LIBC_VERSION"),
            "debian": debian.read_text().strip() if debian.exists() else None,
            "date": time.strftime("%Y-%m-%d %H:%M %Z")}


def load_average():
    return Path("/proc/loadavg").read_text().split()[:3]
