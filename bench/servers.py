"""Start the servers the bench compares, each pinned to the server core, on loopback only."""

import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from course_kit.processes import HOST, free_port, stop
from course_kit.redis_server import wait_until_answering

ROOT = Path(__file__).resolve().parent.parent
STEPS = ROOT / "steps"
ECHO_STEP = "02_echo"
START_TIMEOUT = 45
# The server side (every server process, and Redis) shares one core; the load
# client has another to itself, so that neither steals time from the other.
SERVER_CPU = 0
CLIENT_CPU = 1
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def last_step():
    """Return the name of the course's last step, the finished app."""
    return sorted(path.name for path in STEPS.iterdir() if (path / "manage.py").is_file())[-1]


def can_pin():
    """Return whether the servers and the client can each have a core of their own."""
    return hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) >= 2


def pinning_note():
    """Say where the servers and the client ran."""
    cpus = os.cpu_count() or 1
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned: this system cannot pin a process to a core"
    if cpus < 2:
        return "not pinned: one core, shared by the servers and the client"
    return (
        f"servers and Redis pinned to core {SERVER_CPU}, the load client to core {CLIENT_CPU} "
        f"(of {cpus}), as taskset -a -p would"
    )


def pin(pid, cpu=SERVER_CPU):
    """Pin every thread of process `pid` to `cpu`; the threads it starts later follow."""
    if not can_pin():
        return
    for task in Path(f"/proc/{pid}/task").iterdir():
        # A thread that ended meanwhile needs no pinning.
        with contextlib.suppress(OSError):
            os.sched_setaffinity(int(task.name), {cpu})


def pin_client():
    """Move this process, the load client, onto its own core where pinning works."""
    if can_pin():
        os.sched_setaffinity(0, {CLIENT_CPU})


def unpin_client():
    """Let this process and its children use every core again."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, range(os.cpu_count() or 1))


def machine_busy():
    """Return the machine's busy and total CPU seconds so far, from /proc/stat, or None."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    busy = sum(fields[:8]) - fields[3] - fields[4]
    return busy / CLOCK_TICKS


@dataclass
class Spec:
    """One way of serving: which program, which step and app, on which channel layer."""

    key: str
    label: str
    program: str  # "bare", "daphne" or "uvicorn"
    step: str | None = None
    app: str = "config.asgi:application"
    layer: str | None = None  # None (the step's default), "redis" or "pubsub"
    processes: int = 1
    env: dict = field(default_factory=dict)
    # The room sizes to measure, when not the profile's; () for an A/B of joins only.
    sizes: tuple | None = None

    @property
    def uses_redis(self):
        return self.layer in ("redis", "pubsub")


def command(spec, port):
    """Return the command line that serves `spec` on `port`."""
    python = sys.executable
    if spec.program == "bare":
        return [python, "-m", "bench.bare", str(port)]
    if spec.program == "daphne":
        # Verbosity 0: no access log line per connection, as uvicorn gets none.
        return [python, "-m", "daphne", "-v", "0", "-b", HOST, "-p", str(port), spec.app]
    return [
        python,
        "-m",
        "uvicorn",
        spec.app,
        "--host",
        HOST,
        "--port",
        str(port),
        # What uvicorn picks by itself with websockets installed and no extras:
        # its own loop and HTTP parser choices spelled out, so that they stay put.
        "--ws",
        "websockets-sansio",
        "--loop",
        "asyncio",
        "--http",
        "h11",
        "--lifespan",
        "off",
        "--no-access-log",
        "--log-level",
        "warning",
    ]


@dataclass
class Running:
    """The processes serving one spec, and how to reach and weigh them."""

    spec: Spec
    ports: list
    processes: list
    logs: list
    # Processes whose CPU time counts as the server's too, such as Redis.
    helpers: list = field(default_factory=list)

    def url(self, path, index=0):
        """Return the WebSocket URL of `path` on the `index`-th process."""
        return f"ws://{HOST}:{self.ports[index % len(self.ports)]}{path}"

    @property
    def pids(self):
        return [process.pid for process in self.processes]

    @property
    def cpu_pids(self):
        return self.pids + [helper.pid for helper in self.helpers]

    def check_alive(self):
        """Raise if a process of this spec has exited."""
        for process, log in zip(self.processes, self.logs, strict=True):
            if process.poll() is not None:
                raise RuntimeError(
                    f"{self.spec.key} exited with {process.returncode}:\n{log.read_text()[-3000:]}"
                )

    def stop(self):
        """Stop every process of this spec."""
        for process in self.processes:
            stop(process)


def cpu_seconds(pids):
    """Return the CPU time, user plus system, that the processes have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        # utime and stime, fields 14 and 15 of stat(5), count every thread.
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def rss_bytes(pids):
    """Return the resident memory of the processes, in bytes, or None without /proc."""
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def server_env(spec, workdir, redis_url):
    """Return the environment of a server process for `spec`."""
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        # The bench's own modules (settings, consumers, bare server) live at the root.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DB": str(workdir / f"{spec.step}.sqlite3"),
        **spec.env,
    }
    env.pop("REDIS_URL", None)
    if spec.uses_redis:
        env["REDIS_URL"] = redis_url
    if spec.layer == "pubsub":
        env["BENCH_LAYER"] = "pubsub"
    return env


class Migrations:
    """`manage.py migrate` for the bench's database of each step, running side by side."""

    def __init__(self, steps, workdir):
        self.processes = {
            step: subprocess.Popen(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                cwd=STEPS / step,
                env=server_env(Spec(step, step, "daphne", step), workdir, None),
                stdin=subprocess.DEVNULL,
            )
            for step in steps
        }

    def wait(self):
        """Wait until every migration has run; fail if one did not."""
        for step, process in self.processes.items():
            if process.wait(timeout=120) != 0:
                raise RuntimeError(f"manage.py migrate failed in {step}")


def migrate(steps, workdir):
    """Start creating the bench's database of each step; return the running migrations."""
    return Migrations(steps, workdir)


def start(spec, workdir, redis_url=None, redis=None):
    """Start every process of `spec`; return them, not yet ready, nor pinned."""
    ports, processes, logs = [], [], []
    cwd = ROOT if spec.program == "bare" else STEPS / spec.step
    for index in range(spec.processes):
        port = free_port()
        log = workdir / f"{spec.key}-{index}.log"
        with open(log, "w") as out:
            processes.append(
                subprocess.Popen(
                    command(spec, port),
                    cwd=cwd,
                    env=server_env(spec, workdir, redis_url),
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        ports.append(port)
        logs.append(log)
    helpers = [redis] if spec.uses_redis and redis is not None else []
    return Running(spec, ports, processes, logs, helpers)


def start_redis(workdir):
    """Start a redis-server with no persistence on the server core; return it and its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        return None, None
    port = free_port()
    process = subprocess.Popen(
        [binary, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=workdir,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"redis://{HOST}:{port}/0"
    wait_until_answering(url, process, timeout=10)
    pin(process.pid)
    return process, url
