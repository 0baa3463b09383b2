"""Run the bench: `python -m bench [--quick]` from the repository root; `--help` for the rest."""

import argparse
import asyncio
import dataclasses
import datetime
import importlib.util
import json
import math
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from bench import client, layer, loop, plots, report, servers
from bench.servers import ECHO_STEP, ROOT, STEPS, Spec
from course_kit.processes import stop

DOCS_OUT = ROOT / "docs" / "generated" / "bench"
# The site copies docs/assets/ but not docs/generated/, whose files pages include.
DOCS_PLOTS = ROOT / "docs" / "assets" / "bench"
# A quick run is a check that the bench works, not figures for the page.
QUICK_OUT = Path(tempfile.gettempdir()) / "channels-course-bench"


@dataclass
class Profile:
    """How much of each measurement a run makes."""

    reps: int
    echo_seconds: float
    churn_seconds: float
    room_reps: int
    paced: dict
    burst_deliveries: int
    echo_connections: tuple = (1, 10, 100)
    churn_workers: int = 10
    idle_sockets: int = 1000
    sizes: tuple = (1000, 100, 10)
    room_timeout: float = 60
    loop_steps: str = "all"
    loop_timeout: float = 300
    layer_deliveries: int = 20000
    room_keys: tuple | None = None
    echo_keys: tuple | None = None


PROFILES = {
    # A check that it all runs, in under two minutes: the plain and the DB-free
    # echo on both servers, and each kind of layer once, in short runs.
    "quick": Profile(
        reps=1,
        echo_seconds=0.3,
        churn_seconds=0.4,
        idle_sockets=200,
        room_reps=1,
        paced={1000: 3, 100: 5, 10: 10},
        burst_deliveries=5000,
        room_timeout=30,
        loop_steps="last",
        # Past the target, and then some: enough to say the target does not hold.
        loop_timeout=15,
        layer_deliveries=5000,
        echo_keys=("bare", "daphne", "daphne-loop", "uvicorn", "uvicorn-loop"),
        room_keys=("bare", "daphne-memory", "uvicorn-pubsub"),
    ),
    # The figures for the page: about twelve minutes, under fifteen on a slow day.
    "full": Profile(
        reps=3,
        echo_seconds=1.2,
        churn_seconds=1.0,
        room_reps=3,
        paced={1000: 6, 100: 15, 10: 30},
        burst_deliveries=8000,
    ),
}

ECHO_SPECS = [
    Spec("bare", "websockets alone", "bare"),
    Spec("daphne", "daphne, step 02's echo", "daphne", ECHO_STEP),
    Spec(
        "daphne-nohop",
        "daphne, echo without the hop",
        "daphne",
        ECHO_STEP,
        app="bench.asgi:application",
        env={"BENCH_CONSUMER": "FastEchoConsumer"},
    ),
    Spec(
        "daphne-loop",
        "daphne, echo without the hop, in a plain loop",
        "daphne",
        ECHO_STEP,
        app="bench.asgi:application",
        env={"BENCH_CONSUMER": "LoopEchoConsumer"},
    ),
    Spec("uvicorn", "uvicorn, step 02's echo", "uvicorn", ECHO_STEP),
    Spec(
        "uvicorn-nohop",
        "uvicorn, echo without the hop",
        "uvicorn",
        ECHO_STEP,
        app="bench.asgi:application",
        env={"BENCH_CONSUMER": "FastEchoConsumer"},
    ),
    Spec(
        "uvicorn-loop",
        "uvicorn, echo without the hop, in a plain loop",
        "uvicorn",
        ECHO_STEP,
        app="bench.asgi:application",
        env={"BENCH_CONSUMER": "LoopEchoConsumer"},
    ),
]
ORM_SPECS = [
    Spec(
        "daphne-orm",
        "daphne, hop kept, async ORM query per frame",
        "daphne",
        ECHO_STEP,
        app="bench.asgi:application",
        env={"BENCH_CONSUMER": "HopOrmEchoConsumer"},
    ),
    Spec(
        "daphne-nohop-orm",
        "daphne, no hop, async ORM query per frame",
        "daphne",
        ECHO_STEP,
        app="bench.asgi:application",
        env={"BENCH_CONSUMER": "FastOrmEchoConsumer"},
    ),
    Spec(
        "daphne-nohop-dbsync",
        "daphne, no hop, database_sync_to_async query per frame",
        "daphne",
        ECHO_STEP,
        app="bench.asgi:application",
        env={"BENCH_CONSUMER": "FastSafeOrmEchoConsumer"},
    ),
]
ORM_CONNECTIONS = 10
CHURN_KEYS = ("bare", "daphne", "uvicorn")
MEMORY_KEYS = ("bare", "daphne", "uvicorn")


def room_specs(step):
    """Return the ways the last step's rooms are served."""
    return [
        Spec("bare", "websockets alone", "bare"),
        Spec("daphne-memory", "daphne, in-memory layer", "daphne", step),
        Spec("daphne-redis", "daphne, Redis layer", "daphne", step, layer="redis"),
        Spec(
            "daphne-redis-x2",
            "daphne, Redis layer, two processes",
            "daphne",
            step,
            layer="redis",
            processes=2,
        ),
        Spec("daphne-pubsub", "daphne, Redis PubSub layer", "daphne", step, layer="pubsub"),
        Spec("uvicorn-memory", "uvicorn, in-memory layer", "uvicorn", step),
        Spec("uvicorn-redis", "uvicorn, Redis layer", "uvicorn", step, layer="redis"),
        Spec("uvicorn-pubsub", "uvicorn, Redis PubSub layer", "uvicorn", step, layer="pubsub"),
        # The A/B runs: one setting changed from daphne-memory's, and nothing else.
        Spec(
            "daphne-memory-cap100",
            "daphne, in-memory layer, channels' default capacity of 100",
            "daphne",
            step,
            env={"BENCH_CAPACITY": "100"},
            sizes=(100, 10),
        ),
        Spec(
            "daphne-memory-unbatched",
            "daphne, in-memory layer, presence sent every loop turn",
            "daphne",
            step,
            env={"BENCH_PRESENCE_INTERVAL": "0"},
            sizes=(),
        ),
    ]


# A crowd small enough for presence sent one join at a time to finish.
PRESENCE_CROWD = 300
PRESENCE_KEYS = ("daphne-memory", "daphne-memory-unbatched")


STARTED = time.perf_counter()


def say(message):
    """Print one line of progress, after the time since the start."""
    print(f"bench {time.perf_counter() - STARTED:5.0f} s: {message}", file=sys.stderr, flush=True)


def rotated(items, rep):
    """Return the items starting at a different one each repetition, so none is always first."""
    shift = rep % len(items)
    return items[shift:] + items[:shift]


def load_limits(step):
    """Return the step's rooms/limits.py module, whose rate limit the bench keeps to, or None."""
    path = STEPS / step / "rooms" / "limits.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"bench_limits_{step}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def start_all(specs, workdir, redis_url=None, redis=None):
    """Start every spec's servers and wait until all of them answer."""
    # Started on every core, which halves the wait for Django's imports; pinned once up.
    servers.unpin_client()
    running = [servers.start(spec, workdir, redis_url, redis) for spec in specs]
    try:
        await asyncio.gather(*(client.wait_ready(each) for each in running))
        for each in running:
            for pid in each.pids:
                servers.pin(pid)
    except BaseException:
        for each in running:
            each.stop()
        raise
    finally:
        servers.pin_client()
    return running


def nested():
    """Return a dict that makes its missing levels on the way."""
    from collections import defaultdict

    return defaultdict(nested)


async def measure(profile, parts, workdir, results, step):
    """Start every server at once, then measure the echo and the rooms."""
    echo = [
        s for s in ECHO_SPECS + ORM_SPECS if not profile.echo_keys or s.key in profile.echo_keys
    ]
    rooms = [s for s in room_specs(step) if not profile.room_keys or s.key in profile.room_keys]
    echo = echo if "echo" in parts else []
    rooms = rooms if "rooms" in parts else []
    redis = redis_url = None
    if any(spec.uses_redis for spec in rooms):
        servers.unpin_client()
        redis, redis_url = servers.start_redis(workdir)
        if redis is None:
            say("no redis-server on this machine: the Redis layers are left out")
            rooms = [spec for spec in rooms if not spec.uses_redis]
    steps = ([ECHO_STEP] if echo else []) + ([step] if rooms else [])
    # A list, not a mapping: the tables keep this order, and results.json sorts mappings.
    for kind, specs in (("echo", echo), ("rooms", rooms)):
        results["specs"][kind] = [[spec.key, spec.label] for spec in specs]
    say(f"starting {len(echo) + len(rooms)} servers, and migrating {', '.join(steps)}")
    migrating = servers.migrate(steps, workdir)
    try:
        running = await start_all(echo + rooms, workdir, redis_url, redis)
        try:
            migrating.wait()
            say("every server answers")
            await echo_phase(profile, running[: len(echo)], results)
            await rooms_phase(profile, running[len(echo) :], results, step)
        finally:
            for each in running:
                each.stop()
    finally:
        migrating.wait()
        if redis is not None:
            stop(redis)


async def echo_phase(profile, running, results):
    """Measure the echo servers: memory, then round trips and churn, repetitions interleaved."""
    if not running:
        return
    for each in running:
        if each.spec.key in MEMORY_KEYS:
            results["memory"][each.spec.key] = await client.memory_run(each, profile.idle_sockets)
            await asyncio.sleep(0.2)
    for rep in range(profile.reps):
        say(f"echo: repetition {rep + 1} of {profile.reps}")
        order = rotated(running, rep)
        for connections in profile.echo_connections:
            for each in order:
                orm = each.spec in ORM_SPECS
                if orm and connections != ORM_CONNECTIONS:
                    continue
                run = await client.echo_run(each, connections, profile.echo_seconds, count_db=orm)
                results["echo"][each.spec.key].setdefault(str(connections), []).append(run)
                # Let the server finish closing the sockets before the next one runs.
                await asyncio.sleep(0.1)
        for each in order:
            if each.spec.key in CHURN_KEYS:
                run = await client.churn_run(each, profile.churn_workers, profile.churn_seconds)
                results["churn"].setdefault(each.spec.key, []).append(run)
                await asyncio.sleep(0.1)


async def rooms_phase(profile, running, results, step):
    """Measure the rooms: a crowd joining, then fan-out paced and in bursts, per group size."""
    bucket = client.TokenBucket(load_limits(step))
    for rep in range(profile.room_reps):
        for each in rotated(running, rep):
            if each.spec.sizes != ():
                await crowd_run(profile, each, rep, bucket, results)
                await asyncio.sleep(0.2)
        for each in running:
            measured = {key for key, _ in results["specs"]["rooms"]}
            if each.spec.key in PRESENCE_KEYS and measured.issuperset(PRESENCE_KEYS):
                crowd = client.Crowd(each, f"presence-{rep}", bucket)
                try:
                    joined = await crowd.join(PRESENCE_CROWD, profile.room_timeout)
                    results["presence"].setdefault(each.spec.key, []).append(joined)
                finally:
                    await crowd.close(profile.room_timeout)
                say(f"rooms: {each.spec.key}, {PRESENCE_CROWD} join: {joined['settled_s']:.1f} s")


async def crowd_run(profile, running, rep, bucket, results):
    """Join the biggest crowd, measure fan-out, shrink to the next size, and so on."""
    key = running.spec.key
    crowd = client.Crowd(running, f"{key}-{rep}", bucket)
    timeout = profile.room_timeout
    clock = time.perf_counter()
    stages = []

    def stage(name):
        nonlocal clock
        stages.append(f"{name} {time.perf_counter() - clock:.1f}")
        clock = time.perf_counter()

    sizes = running.spec.sizes or profile.sizes
    try:
        joined = await crowd.join(max(sizes), timeout, weigh=rep == 0)
        if max(sizes) == max(profile.sizes):
            results["join"].setdefault(key, []).append(joined)
        stage(f"join {len(crowd.members)}")
        for size in sorted(sizes, reverse=True):
            if len(crowd.members) > size:
                await crowd.shrink(size, timeout)
            if not crowd.members:
                break
            runs = results["fanout"][key][str(size)]
            paced = await crowd.paced(profile.paced[size], timeout=min(timeout, 10))
            runs.setdefault("paced", []).append(paced)
            await crowd.settle(timeout)
            total = math.ceil(profile.burst_deliveries / len(crowd.members))
            burst = await crowd.burst(total, timeout=timeout)
            runs.setdefault("burst", []).append(burst)
            await crowd.settle(timeout)
            stage(f"{size}")
    finally:
        await crowd.close(timeout)
    say(f"rooms: {key}, repetition {rep + 1} of {profile.room_reps} (s: {', '.join(stages)})")


def learner_loop(profile, results, nox_python=None, nox_report=None):
    """Time each step's fast tests, and the default nox run if asked."""
    servers.unpin_client()
    names = loop.steps() if profile.loop_steps == "all" else loop.steps()[-1:]
    for step in names:
        say(f"loop: {step}'s fast tests")
        results["loop"]["steps"][step] = loop.fast_tests(step, profile.loop_timeout)
    if nox_report:
        results["loop"]["nox"] = nox_from_report(nox_report)
    elif nox_python:
        say("loop: the default nox run, session by session (about a quarter of an hour)")
        results["loop"]["nox"] = {
            "measured": datetime.date.today().isoformat(),
            **loop.time_nox(nox_python),
        }


def nox_from_report(path):
    """Return the nox timings that `nox --report FILE` wrote, dated by the file."""
    written = datetime.date.fromtimestamp(path.stat().st_mtime).isoformat()
    return {"measured": written, "sessions": loop.nox_sessions_from_report(path)}


def machine():
    """Describe the machine and the software the figures come from."""
    note = servers.pinning_note()
    packages = ["django", "channels", "channels-redis", "daphne", "uvicorn", "websockets", "redis"]
    return {
        "cpus": os.cpu_count(),
        "pinning": note,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
        "packages": {name: version(name) for name in packages},
        "redis_server": shutil.which("redis-server") is not None,
    }


def to_plain(value):
    """Turn nested defaultdicts into plain dicts for json."""
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    return value


def previous_nox(out):
    """Return the nox timings of an earlier run in `out`, to carry them over, or None."""
    try:
        return json.loads((out / "results.json").read_text())["loop"]["nox"]
    except (OSError, KeyError, ValueError):
        return None


def main(argv=None):
    """Parse the arguments, measure, and write and print the report."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short run (under 2 minutes)")
    parser.add_argument("--out", type=Path, help="where to write results.json, tables, plots")
    parser.add_argument(
        "--only",
        default="echo,rooms,loop",
        help="which parts to run, comma-separated: echo, rooms, loop (default: all)",
    )
    parser.add_argument("--rooms-step", default=servers.last_step(), help="the step with rooms")
    parser.add_argument("--servers", help="only these servers, by key: bare,daphne-memory,...")
    parser.add_argument(
        "--nox", action="store_true", help="also time the default nox run (a full run only)"
    )
    parser.add_argument("--nox-report", type=Path, help="read nox times from `nox --report FILE`")
    parser.add_argument(
        "--report-only", action="store_true", help="measure nothing: redo tables and plots"
    )
    args = parser.parse_args(argv)
    profile = PROFILES["quick" if args.quick else "full"]
    if args.servers:
        keys = tuple(args.servers.split(","))
        profile = dataclasses.replace(profile, echo_keys=keys, room_keys=keys)
    parts = set(args.only.split(","))
    # Only a whole full run replaces the page's figures; a part of one goes aside.
    whole = not args.quick and not args.servers and parts >= {"echo", "rooms", "loop"}
    out = args.out or (DOCS_OUT if whole or (args.report_only and not args.quick) else QUICK_OUT)
    out.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        results = json.loads((out / "results.json").read_text())
        if args.nox_report:
            results.setdefault("loop", {})["nox"] = nox_from_report(args.nox_report)
            write_results(results, out)
        return finish(results, out)
    if args.nox and args.quick:
        parser.error("--nox takes a quarter of an hour: use it with a full run")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    # Each room member is a socket here and in the server: a thousand and more.
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, 8192), hard), hard))
    started = time.perf_counter()
    results = nested()
    results["meta"] = {
        "date": datetime.date.today().isoformat(),
        "profile": "quick" if args.quick else "full",
        "machine": machine(),
        "rooms_step": args.rooms_step,
        "settings": {
            "reps": profile.reps,
            "room_reps": profile.room_reps,
            "echo_seconds": profile.echo_seconds,
            "paced": {str(k): v for k, v in profile.paced.items()},
            "burst_deliveries": profile.burst_deliveries,
            "connect_concurrency": client.CONNECT_CONCURRENCY,
        },
    }
    servers.pin_client()
    if parts & {"echo", "rooms"}:
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            asyncio.run(measure(profile, parts, Path(scratch), results, args.rooms_step))
    if "rooms" in parts:
        say("rooms: the in-memory layer alone, with and without its scan")
        results["layer"] = asyncio.run(layer.layer_runs(profile.sizes, profile.layer_deliveries))
    if "loop" in parts:
        nox_python = os.environ.get("BENCH_NOX_PYTHON") if args.nox else None
        if args.nox and not nox_python:
            parser.error("--nox runs through `nox -s bench -- --nox`, which says where nox is")
        learner_loop(profile, results, nox_python, args.nox_report)
    if "nox" not in results["loop"] and (carried := previous_nox(out)):
        results["loop"]["nox"] = carried
    results["meta"]["wall_s"] = time.perf_counter() - started
    results = to_plain(results)
    write_results(results, out)
    return finish(results, out)


def write_results(results, out):
    """Write results.json, sorted, so that two runs compare line by line."""
    (out / "results.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")


def finish(results, out):
    """Write the tables and plots from `results`, print the table, and say where it all is."""
    summary = report.summarise(results)
    (out / "tables.md").write_text(report.markdown(summary))
    plots_out = DOCS_PLOTS if out == DOCS_OUT else out
    plots_out.mkdir(parents=True, exist_ok=True)
    plots.write_all(summary, plots_out)
    print(report.text(summary))
    say(f"wrote {out / 'results.json'}, {out / 'tables.md'} and the plots in {plots_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
