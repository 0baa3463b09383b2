"""Time the learner's loop: each step's fast tests, and the default `nox` run per session."""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.servers import ROOT, STEPS

FAST = "not e2e and not browser"
# pytest's --durations lines: "6.03s call     tests/test_x.py::test_y[redis]".
DURATION_LINE = re.compile(r"^(\d+\.\d+)s (call|setup|teardown)\s+(\S+)")
SUMMARY_LINE = re.compile(r"(\d+) passed")
PYTEST = [sys.executable, "-m", "pytest", "-q", "-m", FAST, "-p", "no:cacheprovider"]


def steps():
    """Return the course's step names in order."""
    return sorted(path.name for path in STEPS.iterdir() if (path / "manage.py").is_file())


def fast_tests(step, timeout=300):
    """Run one step's fast tests as a learner would; return the wall time and the slowest."""
    env = {**os.environ}
    # A learner's run from a clean shell: no Redis or browser is demanded, only
    # used, and Python keeps the bytecode it compiles, as it does by default.
    for name in ("REQUIRE_REDIS", "REQUIRE_BROWSER", "REDIS_URL", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    run = {
        "cwd": STEPS / step,
        "env": env,
        "stdin": subprocess.DEVNULL,
        "capture_output": True,
        "text": True,
        "timeout": timeout,
        "check": False,
    }
    try:
        # The loop is the second run and every one after: the first compiles
        # the imports, once.
        subprocess.run([*PYTEST, "--collect-only"], **run)
        started = time.perf_counter()
        result = subprocess.run([*PYTEST, "--durations=3", "--durations-min=0.5"], **run)
    except subprocess.TimeoutExpired:
        # Over the limit is all a short run needs to know; the full run waits longer.
        return {"seconds": timeout, "passed": 0, "ok": False, "stopped": True, "slowest": []}
    seconds = time.perf_counter() - started
    slowest = []
    for line in result.stdout.splitlines():
        match = DURATION_LINE.match(line.strip())
        if match:
            slowest.append({"seconds": float(match.group(1)), "test": match.group(3)})
    passed = SUMMARY_LINE.search(result.stdout)
    return {
        "seconds": seconds,
        "passed": int(passed.group(1)) if passed else 0,
        "ok": result.returncode == 0,
        "slowest": slowest,
    }


def nox_sessions_from_report(path):
    """Return {session: seconds} from the JSON that `nox --report FILE` wrote."""
    report = json.loads(Path(path).read_text())
    return {
        entry["name"]: {"seconds": entry.get("duration", 0.0), "ok": entry["result"] == "success"}
        for entry in report["sessions"]
    }


def time_nox(nox_python, timeout=3600):
    """Run the default `nox` sessions once, from this checkout; return each one's time."""
    with tempfile.TemporaryDirectory(prefix="bench-nox-") as scratch:
        report = Path(scratch, "report.json")
        # Not this session's environment: the run makes and reuses its own.
        env = {name: value for name, value in os.environ.items() if name != "VIRTUAL_ENV"}
        bench_bin = str(Path(sys.executable).parent)
        env["PATH"] = os.pathsep.join(
            part for part in env.get("PATH", "").split(os.pathsep) if part != bench_bin
        )
        started = time.perf_counter()
        subprocess.run(
            [nox_python, "-m", "nox", "--report", str(report)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
        total = time.perf_counter() - started
        sessions = nox_sessions_from_report(report) if report.is_file() else {}
    return {"total_s": total, "sessions": sessions}
