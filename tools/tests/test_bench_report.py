"""The bench's figures: percentiles, medians with ranges, ratios to the bare server, targets."""

import math

from bench.report import Figure, markdown, summarise, targets, with_range
from bench.stats import percentile, ratio


def test_percentile_takes_the_nearest_rank():
    values = list(range(1, 101))

    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile([7], 99) == 7
    assert math.isnan(percentile([], 50))


def test_a_figure_is_the_median_with_its_range_and_skips_what_was_not_measured():
    runs = [{"rate": 3.0}, {"rate": 1.0}, {"rate": None}, {"rate": 2.0}, {}]

    figure = Figure.of(runs, "rate")

    assert (figure.median, figure.low, figure.high, figure.n) == (2.0, 1.0, 3.0, 3)
    assert with_range(Figure.of([{"rate": 1500.0}, {"rate": 2500.0}], "rate")) == (
        "2,000 (1,500\u20132,500)"
    )


def test_a_ratio_to_a_missing_or_zero_limit_is_no_ratio():
    assert ratio(25.0, 100.0) == 0.25
    assert ratio(25.0, 0) is None
    assert ratio(None, 100.0) is None


def results_with(echo, paced_lost=0):
    """Return the smallest results a summary accepts: echo runs and one room."""
    return {
        "specs": {
            "echo": {"bare": "bare", "daphne-loop": "daphne", "uvicorn-loop": "uvicorn"},
            "rooms": {"bare": "bare", "daphne-memory": "daphne"},
        },
        "echo": {key: {"10": [{"msgs_per_s": rate}]} for key, rate in echo.items()},
        "fanout": {
            key: {"1000": {"paced": [{"p99_ms": p99, "lost": paced_lost}]}}
            for key, p99 in (("bare", 20.0), ("daphne-memory", 400.0))
        },
        "join": {"daphne-memory": [{"joined_s": 6.0, "members": 1000}]},
    }


def test_targets_compare_each_figure_with_the_bare_server():
    results = results_with({"bare": 1000.0, "daphne-loop": 300.0, "uvicorn-loop": 400.0})

    rows = {name: (measured, holds) for name, _, measured, holds in targets(results)}

    assert rows["echo, 10 connections, daphne-loop"] == ("30 %", True)
    assert rows["echo, 10 connections, uvicorn-loop"] == ("40 %", False)
    assert rows["fan-out to 1,000, paced p99, best layer"] == ("400 ms (daphne-memory)", True)
    assert rows["lost deliveries, every paced run"] == ("0", True)
    assert rows["1,000 members joined, every server and layer"][1] is True


def test_one_lost_delivery_fails_the_paced_target():
    results = results_with({"bare": 1000.0}, paced_lost=3)

    rows = {name: holds for name, _, _, holds in targets(results)}

    assert rows["lost deliveries, every paced run"] is False


def test_each_table_is_a_named_section_the_page_can_include():
    text = markdown(summarise(results_with({"bare": 1000.0, "daphne-loop": 300.0})))

    for key in ("method", "echo-10", "fanout", "targets"):
        assert f"<!-- --8<-- [start:{key}] -->" in text
        assert f"<!-- --8<-- [end:{key}] -->" in text
