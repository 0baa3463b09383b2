"""Draw the bench's figures as SVG files for the Performance page."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import matplotlib.ticker

from bench.report import AB_KEYS, BARE, STEP_SECONDS, Figure, runs_of, specs_of

# Text stays text, and ids stay the same from run to run: small files, small diffs.
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "channels-course-bench",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
SIZE = (9, 3.8)
# Beside the axes, not over them: the lines of eight servers leave no empty corner.
LEGEND = {"fontsize": 8, "frameon": False, "loc": "upper left", "bbox_to_anchor": (1.01, 1.0)}
THOUSANDS = matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:,.0f}")


def save(figure, path):
    """Write one figure as SVG, with no timestamp in it, on a white background."""
    figure.tight_layout()
    figure.savefig(path, format="svg", metadata={"Date": None}, facecolor="white")
    plt.close(figure)


def errors(figures):
    """Return matplotlib's error bars, from each median down to its low and up to its high."""
    low = [0 if f.median is None or f.low is None else f.median - f.low for f in figures]
    high = [0 if f.median is None or f.high is None else f.high - f.median for f in figures]
    return [low, high]


def echo_plot(results, specs, path):
    """Echo messages per second by server, at each number of connections."""
    keys = [k for k in specs if "orm" not in k and "dbsync" not in k]
    counts = ["1", "10", "100"]
    figure, axes = plt.subplots(figsize=SIZE)
    width = 0.8 / max(len(keys), 1)
    for index, key in enumerate(keys):
        figures = [Figure.of(runs_of(results, "echo", key, c), "msgs_per_s") for c in counts]
        positions = [c + (index - (len(keys) - 1) / 2) * width for c in range(len(counts))]
        values = [f.median or 0 for f in figures]
        axes.bar(positions, values, width, label=specs[key], yerr=errors(figures), capsize=2)
    axes.set_xticks(
        range(len(counts)), [f"{c} connection{'s' if c != '1' else ''}" for c in counts]
    )
    axes.set_ylabel("echo messages per second")
    axes.yaxis.set_major_formatter(THOUSANDS)
    axes.legend(**LEGEND)
    save(figure, path)


def by_size(results, specs, path, field, kind, ylabel, log_y=True):
    """One line per server and layer: a fan-out figure against the size of the group."""
    figure, axes = plt.subplots(figsize=SIZE)
    for key, label in specs.items():
        sizes = sorted(int(s) for s in results.get("fanout", {}).get(key, {}))
        figures = [Figure.of(runs_of(results, "fanout", key, str(s), kind), field) for s in sizes]
        points = [(s, f) for s, f in zip(sizes, figures, strict=True) if f.median]
        if not points:
            continue
        style = {"color": "black", "linestyle": "--"} if key == BARE else {}
        axes.errorbar(
            [s for s, _ in points],
            [f.median for _, f in points],
            yerr=errors([f for _, f in points]),
            marker="o",
            capsize=2,
            label=label,
            **style,
        )
    axes.set_xscale("log")
    if log_y:
        axes.set_yscale("log")
    axes.set_xlabel("members in the room")
    axes.set_ylabel(ylabel)
    axes.xaxis.set_major_formatter(THOUSANDS)
    if not log_y:
        axes.yaxis.set_major_formatter(THOUSANDS)
    axes.legend(**LEGEND)
    save(figure, path)


def layer_plot(results, path):
    """The in-memory layer's CPU per delivery against the members, with and without its scan."""
    runs = sorted(results.get("layer", {}).items(), key=lambda item: int(item[0]))
    if not runs:
        return
    figure, axes = plt.subplots(figsize=SIZE)
    sizes = [int(size) for size, _ in runs]
    axes.plot(sizes, [run["stock"] for _, run in runs], marker="o", label="channels' layer")
    axes.plot(sizes, [run["no_scan"] for _, run in runs], marker="o", label="scan removed")
    axes.set_xscale("log")
    axes.set_xlabel("channels in the group (and in the process)")
    axes.set_ylabel("CPU per delivery, µs")
    axes.set_ylim(bottom=0)
    axes.xaxis.set_major_formatter(THOUSANDS)
    axes.legend(**LEGEND)
    save(figure, path)


def join_plot(results, specs, path):
    """How long a crowd of members takes to be welcomed, and for presence to go quiet."""
    keys = [k for k in specs if runs_of(results, "join", k)]
    figure, axes = plt.subplots(figsize=SIZE)
    joined = [Figure.of(runs_of(results, "join", k), "joined_s") for k in keys]
    settled = [Figure.of(runs_of(results, "join", k), "settled_s") for k in keys]
    rows = range(len(keys))
    axes.barh(
        [r + 0.2 for r in rows], [f.median or 0 for f in settled], 0.4, label="presence quiet"
    )
    axes.barh([r - 0.2 for r in rows], [f.median or 0 for f in joined], 0.4, label="all welcomed")
    axes.set_yticks(list(rows), [specs[k] for k in keys])
    axes.invert_yaxis()
    axes.set_xlabel("seconds from the first handshake")
    axes.legend(**LEGEND)
    save(figure, path)


def loop_plot(results, path, target):
    """Each step's fast tests, in seconds, against the target."""
    steps = results.get("loop", {}).get("steps", {})
    if not steps:
        return
    figure, axes = plt.subplots(figsize=(SIZE[0], 0.5 + 0.4 * len(steps)))
    names = list(steps)
    axes.barh(names, [steps[n]["seconds"] for n in names])
    axes.axvline(target, color="black", linestyle="--", linewidth=1)
    axes.text(target, -0.6, f" target {target} s", fontsize=8, va="bottom")
    axes.invert_yaxis()
    axes.set_xlabel("seconds, pytest -m 'not e2e and not browser'")
    save(figure, path)


def write_all(summary, out):
    """Write every plot the results support into `out`."""
    results = summary["results"]
    echo_specs = specs_of(results, "echo")
    room_specs = {k: v for k, v in specs_of(results, "rooms").items() if k not in AB_KEYS}
    if echo_specs:
        echo_plot(results, echo_specs, out / "echo.svg")
    if room_specs:
        by_size(results, room_specs, out / "fanout-p99.svg", "p99_ms", "paced", "p99 delivery, ms")
        by_size(
            results,
            room_specs,
            out / "fanout-cost.svg",
            "cpu_us_per_delivery",
            "burst",
            "server CPU per delivery, µs",
        )
        by_size(
            results,
            room_specs,
            out / "burst.svg",
            "deliveries_per_s",
            "burst",
            "deliveries per second",
        )
        join_plot(results, room_specs, out / "join.svg")
    layer_plot(results, out / "layer.svg")
    loop_plot(results, out / "loop.svg", STEP_SECONDS)
