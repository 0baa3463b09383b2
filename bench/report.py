"""Turn the bench's raw results into figures, ratios to the bare limit, tables and targets."""

from dataclasses import dataclass, field

from bench.stats import median, present, ratio, span

BARE = "bare"
# What a table shows for a figure that was not measured, between a range's ends,
# and before a multiple.
DASH = "\u2013"
TIMES = "\u00d7"
# The targets.
# The echo targets hold for the DB-free path the page teaches: no hop, a plain loop.
ECHO_TARGETS = {"daphne-loop": 0.25, "uvicorn-loop": 0.45}
FANOUT_P99_MS = 500
JOIN_SECONDS = 10
STEP_SECONDS = 10
# Rooms runs that change one setting of daphne-memory's, for an A/B: not in the plots.
AB_KEYS = ("daphne-memory-cap100", "daphne-memory-unbatched")


@dataclass
class Figure:
    """The median of a few repetitions, with the lowest and highest."""

    median: float | None
    low: float | None = None
    high: float | None = None
    n: int = 0

    @classmethod
    def of(cls, runs, name):
        """Return the figure `name` over the runs that measured it."""
        values = present([run.get(name) for run in runs])
        low, high = span(values) or (None, None)
        return cls(median(values), low, high, len(values))


@dataclass
class Table:
    """A table that renders as Markdown for the page and as text for a terminal."""

    key: str
    title: str
    headers: list
    rows: list = field(default_factory=list)
    note: str = ""
    # "l" or "r" per column; by default the first column is text and the rest figures.
    aligns: str = ""

    def alignment(self):
        """Return the alignment of each column."""
        return self.aligns or "l" + "r" * (len(self.headers) - 1)

    def markdown(self):
        """Return the table in Markdown, text columns left-aligned, figures right."""
        if not self.rows:
            return self.note
        aligns = [" --- " if a == "l" else " ---: " for a in self.alignment()]
        lines = ["| " + " | ".join(self.headers) + " |", "|" + "|".join(aligns) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines + (["", self.note] if self.note else []))

    def text(self):
        """Return the table as aligned plain text, under its title."""
        if not self.rows:
            return f"{self.title}\n{self.note}"
        columns = range(len(self.headers))
        widths = [max(len(row[i]) for row in [self.headers, *self.rows]) for i in columns]

        def line(row):
            cells = [
                cell.ljust(widths[i]) if align == "l" else cell.rjust(widths[i])
                for i, (cell, align) in enumerate(zip(row, self.alignment(), strict=True))
            ]
            return "  ".join(cells).rstrip()

        rule = "  ".join("-" * width for width in widths)
        lines = [self.title, line(self.headers), rule, *map(line, self.rows)]
        return "\n".join(lines + ([self.note] if self.note else []))


def number(value, digits=0):
    """Format a figure with thousands separators, or a dash if it was not measured."""
    if value is None:
        return DASH
    if digits == 0 and 0 < abs(value) < 10:
        digits = 1
    return f"{value:,.{digits}f}"


def with_range(figure, digits=0):
    """Format a median and, when the repetitions differed, their range."""
    if figure.median is None:
        return DASH
    text = number(figure.median, digits)
    if figure.n > 1 and figure.low != figure.high:
        text += f" ({number(figure.low, digits)}{DASH}{number(figure.high, digits)})"
    return text


def percent(value):
    """Format a ratio of throughputs as a percentage of the bare limit."""
    return DASH if value is None else f"{value * 100:.0f} %"


def times(value):
    """Format a ratio of costs as a multiple of the bare limit."""
    if value is None:
        return DASH
    return f"{TIMES}{value:.1f}" if value < 100 else f"{TIMES}{value:,.0f}"


def runs_of(results, *path):
    """Return the list of runs at `path` in the results, or an empty one."""
    node = results
    for step in path:
        if not isinstance(node, dict) or step not in node:
            return []
        node = node[step]
    return node if isinstance(node, list) else []


def figure(results, name, *path):
    """Return the figure `name` of the runs at `path`."""
    return Figure.of(runs_of(results, *path), name)


def specs_of(results, kind):
    """Return {key: label} of the servers measured for `kind`, in the order they ran."""
    specs = results.get("specs", {}).get(kind, [])
    return dict(specs) if isinstance(specs, list) else dict(specs.items())


def is_orm(key):
    """Return whether an echo spec is one of the database A/B runs."""
    return "orm" in key or "dbsync" in key


def room_sizes(results):
    """Return the room sizes measured, smallest first."""
    fanout = results.get("fanout", {})
    return sorted({int(size) for node in fanout.values() for size in node})


def echo_table(results, specs, connections):
    """Return the echo figures at one number of connections, each against the bare server."""
    plural = "" if connections == "1" else "s"
    table = Table(
        f"echo-{connections}",
        f"Echo, {connections} connection{plural}",
        ["Server", "msg/s", "of bare", "p50 ms", "p99 ms", "p99 vs bare", "server µs/msg"],
    )
    bare_rate = figure(results, "msgs_per_s", "echo", BARE, connections).median
    bare_p99 = figure(results, "p99_ms", "echo", BARE, connections).median
    for key, label in specs.items():
        runs = runs_of(results, "echo", key, connections)
        if is_orm(key) or not runs:
            continue
        rate = Figure.of(runs, "msgs_per_s")
        p99 = Figure.of(runs, "p99_ms").median
        table.rows.append(
            [
                label,
                with_range(rate),
                percent(ratio(rate.median, bare_rate)),
                number(Figure.of(runs, "p50_ms").median, 2),
                number(p99, 2),
                times(ratio(p99, bare_p99)),
                number(Figure.of(runs, "cpu_us_per_msg").median),
            ]
        )
    busy = figure(results, "client_busy", "echo", BARE, connections).median
    if busy is not None:
        table.note = (
            f"Against the bare server the load client kept {busy * 100:.0f} % of its core busy; "
            "near 100 %, the client is part of the limit."
        )
    return table


def orm_table(results, specs):
    """Return the database A/B: throughput, and connections opened, with and without the hop."""
    table = Table(
        "orm",
        "Touching the database without the hop (10 connections)",
        ["Consumer", "msg/s", "DB connections opened per 1,000 frames"],
    )
    for key, label in specs.items():
        runs = runs_of(results, "echo", key, "10")
        if is_orm(key) and runs:
            table.rows.append(
                [
                    label,
                    with_range(Figure.of(runs, "msgs_per_s")),
                    number(Figure.of(runs, "db_connections_per_1000").median),
                ]
            )
    return table


def connections_table(results, specs):
    """Return connection churn and idle memory, each against the bare server."""
    table = Table(
        "connections",
        "Connections and memory",
        ["Server", "opened and closed /s", "of bare", "RSS idle MB", "MB per 1,000 idle sockets"],
    )
    memory = results.get("memory", {})
    bare_churn = figure(results, "per_s", "churn", BARE).median
    bare_memory = memory.get(BARE, {}).get("per_1000_mb")
    for key, label in specs.items():
        churn = figure(results, "per_s", "churn", key)
        used = memory.get(key, {})
        if churn.median is None and not used:
            continue
        per_1000 = used.get("per_1000_mb")
        scale = "" if key == BARE else f" ({times(ratio(per_1000, bare_memory))})"
        table.rows.append(
            [
                label,
                with_range(churn),
                percent(ratio(churn.median, bare_churn)),
                number(used.get("idle_mb")),
                number(per_1000) + (scale if per_1000 is not None else ""),
            ]
        )
    return table


def fanout_tables(results, specs):
    """Return the paced, burst and CPU-per-delivery tables, one row per server and layer."""
    sizes = room_sizes(results)
    if not sizes:
        return []
    smallest, largest = str(sizes[0]), str(sizes[-1])
    paced = Table(
        "fanout",
        "Fan-out, paced: one message at a time, to every member (p99 delivery, ms)",
        ["Server and layer", *[f"{s:,} members" for s in sizes], "vs bare", "lost"],
    )
    burst = Table(
        "burst",
        "Fan-out in a burst: many senders at once (deliveries per second)",
        ["Server and layer", *[f"{s:,} members" for s in sizes], "of bare", "lost"],
    )
    cost = Table(
        "cost",
        "Server CPU per delivery in a burst (µs; the server processes and Redis)",
        ["Server and layer", *[f"{s:,} members" for s in sizes], f"{largest} vs {smallest}"],
    )
    bare_p99 = figure(results, "p99_ms", "fanout", BARE, largest, "paced").median
    bare_rate = figure(results, "deliveries_per_s", "fanout", BARE, largest, "burst").median
    for key, label in specs.items():
        if not results.get("fanout", {}).get(key):
            continue
        cells = {"paced": [], "burst": [], "cost": []}
        lost = {"paced": 0, "burst": 0}
        for size in map(str, sizes):
            for kind in lost:
                lost[kind] += sum(
                    run.get("lost", 0) for run in runs_of(results, "fanout", key, size, kind)
                )
            cells["paced"].append(
                with_range(figure(results, "p99_ms", "fanout", key, size, "paced"))
            )
            cells["burst"].append(
                with_range(figure(results, "deliveries_per_s", "fanout", key, size, "burst"))
            )
            cells["cost"].append(
                number(figure(results, "cpu_us_per_delivery", "fanout", key, size, "burst").median)
            )
        p99 = figure(results, "p99_ms", "fanout", key, largest, "paced").median
        rate = figure(results, "deliveries_per_s", "fanout", key, largest, "burst").median
        first = figure(results, "cpu_us_per_delivery", "fanout", key, smallest, "burst").median
        last = figure(results, "cpu_us_per_delivery", "fanout", key, largest, "burst").median
        paced.rows.append(
            [label, *cells["paced"], times(ratio(p99, bare_p99)), number(lost["paced"])]
        )
        burst.rows.append(
            [label, *cells["burst"], percent(ratio(rate, bare_rate)), number(lost["burst"])]
        )
        if any(cell != DASH for cell in cells["cost"]):
            cost.rows.append([label, *cells["cost"], times(ratio(last, first))])
    paced.note = f'"vs bare" compares the {int(largest):,}-member room.'
    burst.note = paced.note
    return [paced, burst, cost]


def join_table(results, specs):
    """Return how long a crowd took to join one room, against the bare server."""
    table = Table(
        "join",
        "A crowd joins one room at once",
        [
            "Server and layer",
            "members",
            "all welcomed, s",
            "vs bare",
            "presence quiet, s",
            "errors",
            "MB per 1,000 members",
        ],
    )
    bare = figure(results, "joined_s", "join", BARE).median
    for key, label in specs.items():
        runs = runs_of(results, "join", key)
        if not runs:
            continue
        joined = Figure.of(runs, "joined_s")
        settled = with_range(Figure.of(runs, "settled_s"), 2)
        if not all(run.get("quiet") for run in runs):
            settled += " (still busy)"
        table.rows.append(
            [
                label,
                number(Figure.of(runs, "members").median),
                with_range(joined, 2),
                times(ratio(joined.median, bare)),
                settled,
                number(sum(run.get("errors", 0) for run in runs)),
                number(Figure.of(runs, "mb_per_1000").median),
            ]
        )
    return table


def layer_table(results):
    """Return the in-memory layer's cost per delivery, stock and with its scan removed."""
    table = Table(
        "layer",
        "The in-memory layer alone: CPU per delivery (µs), in one process, no sockets",
        ["Members", "channels' layer", "scan removed", "the scan's share"],
    )
    for size, run in sorted(results.get("layer", {}).items(), key=lambda item: int(item[0])):
        share = ratio(run["stock"] - run["no_scan"], run["stock"])
        table.rows.append(
            [f"{int(size):,}", number(run["stock"]), number(run["no_scan"]), percent(share)]
        )
    return table


def presence_table(results):
    """Return the presence A/B: the same crowd joining with presence batched or not."""
    table = Table(
        "presence",
        "Presence batched or sent at once: the same crowd joins daphne's in-memory layer",
        [
            "Presence",
            "members",
            "all welcomed, s",
            "presence quiet, s",
            "presence frames",
            "errors",
        ],
    )
    specs = specs_of(results, "rooms")
    for key, runs in results.get("presence", {}).items():
        table.rows.append(
            [
                specs.get(key, key),
                number(Figure.of(runs, "members").median),
                with_range(Figure.of(runs, "joined_s"), 2),
                with_range(Figure.of(runs, "settled_s"), 2),
                number(Figure.of(runs, "presence_frames").median),
                number(sum(run.get("errors", 0) for run in runs)),
            ]
        )
    return table


def loop_tables(results):
    """Return the learner's loop: each step's fast tests, and the nox sessions if timed."""
    learner = results.get("loop", {})
    steps = Table(
        "loop",
        "The learner's loop: each step's fast tests (no server, no browser)",
        ["Step", "seconds", "tests", "slowest test"],
        aligns="lrrl",
    )
    for step, run in learner.get("steps", {}).items():
        slowest = run.get("slowest") or []
        top = f"{slowest[0]['test']} ({slowest[0]['seconds']:.1f} s)" if slowest else DASH
        seconds = number(run["seconds"], 1)
        if run.get("stopped"):
            seconds = f"> {seconds} (stopped)"
        elif not run.get("ok", True):
            seconds += " (failed)"
        steps.rows.append([step, seconds, f"{run['passed']:,}", top])
    tables = [steps]
    nox = learner.get("nox")
    table = Table(
        "nox",
        f"The default nox run, per session (measured {(nox or {}).get('measured', DASH)})",
        ["Session", "seconds", "result"],
        aligns="lrl",
    )
    if nox:
        for name, run in nox.get("sessions", {}).items():
            table.rows.append([name, number(run["seconds"]), "ok" if run["ok"] else "failed"])
        if "total_s" in nox:
            table.rows.append(["all, with nox's own start", number(nox["total_s"]), ""])
    else:
        table.note = "The default nox run has not been timed: `nox -s bench -- --nox` times it."
    tables.append(table)
    return tables


def targets(results):
    """Check the issue's targets against the results: (target, wanted, measured, holds)."""
    rows = []
    bare = figure(results, "msgs_per_s", "echo", BARE, "10").median
    for key, wanted in ECHO_TARGETS.items():
        got = ratio(figure(results, "msgs_per_s", "echo", key, "10").median, bare)
        held = None if got is None else got >= wanted
        rows.append(
            (f"echo, 10 connections, {key}", f">= {percent(wanted)} of bare", percent(got), held)
        )
    specs = [key for key in specs_of(results, "rooms") if key != BARE]
    sizes = room_sizes(results)
    if sizes:
        largest = str(sizes[-1])
        p99s = {k: figure(results, "p99_ms", "fanout", k, largest, "paced").median for k in specs}
        p99s = {k: v for k, v in p99s.items() if v is not None}
        best = min(p99s, key=p99s.get) if p99s else None
        rows.append(
            (
                f"fan-out to {int(largest):,}, paced p99, best layer",
                f"< {FANOUT_P99_MS} ms",
                DASH if best is None else f"{p99s[best]:,.0f} ms ({best})",
                None if best is None else p99s[best] < FANOUT_P99_MS,
            )
        )
        lost = [
            (key, size, run["lost"])
            for key in specs_of(results, "rooms")
            for size, node in results["fanout"].get(key, {}).items()
            for run in node.get("paced", [])
            if run.get("lost")
        ]
        measured = "0"
        if lost:
            key, size, count = max(lost, key=lambda item: item[2])
            total = sum(item[2] for item in lost)
            measured = f"{total:,} in {len(lost)} runs (most: {count:,}, {key}, {int(size):,})"
        rows.append(("lost deliveries, every paced run", "0", measured, not lost))
    joins = {k: figure(results, "joined_s", "join", k).median for k in specs}
    joins = {k: v for k, v in joins.items() if v is not None}
    if joins:
        worst = max(joins, key=joins.get)
        rows.append(
            (
                "1,000 members joined, every server and layer",
                f"< {JOIN_SECONDS} s",
                f"slowest {joins[worst]:.1f} s ({worst})",
                joins[worst] < JOIN_SECONDS,
            )
        )
    steps = results.get("loop", {}).get("steps", {})
    if steps:
        slowest = max(steps, key=lambda step: steps[step]["seconds"])
        seconds = steps[slowest]["seconds"]
        over = "over " if steps[slowest].get("stopped") else ""
        rows.append(
            (
                "each step's fast tests",
                f"< {STEP_SECONDS} s",
                f"slowest {over}{seconds:.1f} s ({slowest})",
                seconds < STEP_SECONDS,
            )
        )
    return rows


def targets_table(rows):
    """Return the targets as a table."""
    table = Table("targets", "Targets", ["Target", "wanted", "measured", "holds"], aligns="llll")
    for name, wanted, measured, holds in rows:
        table.rows.append([name, wanted, measured, {True: "yes", False: "no", None: DASH}[holds]])
    return table


def others_busy(results):
    """Return the median and highest share of a core other programs used during the runs."""
    values = []

    def walk(node):
        if isinstance(node, dict):
            if "others_busy" in node:
                values.append(node["others_busy"])
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({key: results.get(key) for key in ("echo", "fanout")})
    values = present(values)
    return (median(values), max(values)) if values else (None, None)


def method_table(results):
    """Return what ran where, with which software, as a table."""
    meta = results.get("meta", {})
    machine = meta.get("machine", {})
    settings = meta.get("settings", {})
    typical, worst = others_busy(results)
    others = DASH
    if typical is not None:
        others = f"{percent(typical)} of a core in the median run, {percent(worst)} at most"
    rows = [
        ("date, profile", f"{meta.get('date', DASH)}, {meta.get('profile', DASH)} run"),
        ("machine", f"{machine.get('system', DASH)}, {machine.get('cpus', DASH)} cores"),
        ("placement", machine.get("pinning", DASH)),
        ("other programs meanwhile", others),
        ("Python", machine.get("python", DASH)),
        ("packages", ", ".join(f"{k} {v}" for k, v in machine.get("packages", {}).items())),
        (
            "repetitions",
            f"{settings.get('reps', DASH)} for the echo, {settings.get('room_reps', DASH)} for "
            "the rooms, interleaved; median, with lowest and highest in brackets",
        ),
        ("rooms step", meta.get("rooms_step", DASH)),
        ("wall time", f"{meta['wall_s']:.0f} s" if "wall_s" in meta else DASH),
    ]
    rows = [list(row) for row in rows]
    return Table("method", "How these figures were made", ["What", "This run"], rows, aligns="ll")


def summarise(results):
    """Return every table in reading order, the method first and the targets last."""
    echo_specs = specs_of(results, "echo")
    room_specs = specs_of(results, "rooms")
    tables = [
        method_table(results),
        *(echo_table(results, echo_specs, c) for c in ("1", "10", "100")),
        orm_table(results, echo_specs),
        connections_table(results, echo_specs),
        *fanout_tables(results, room_specs),
        layer_table(results),
        join_table(results, room_specs),
        presence_table(results),
        *loop_tables(results),
        targets_table(targets(results)),
    ]
    return {"results": results, "tables": [table for table in tables if table.rows or table.note]}


def markdown(summary):
    """Return tables.md: each table in a snippet section that the page includes by name."""
    parts = ["<!-- Written by `nox -s bench`: change bench/report.py, not this file. -->", ""]
    for table in summary["tables"]:
        parts += [
            f"<!-- --8<-- [start:{table.key}] -->",
            table.markdown(),
            f"<!-- --8<-- [end:{table.key}] -->",
            "",
        ]
    return "\n".join(parts)


def text(summary):
    """Return every table as plain text, for the terminal."""
    return "\n\n".join(table.text() for table in summary["tables"]) + "\n"
