"""Collect the figures each scenario measures; print them, and write them for the docs."""

import os
from dataclasses import dataclass
from pathlib import Path

# faults/tests/figures.py sits two folders below the repository root.
GENERATED = Path(__file__).resolve().parents[2] / "docs" / "generated" / "faults.md"
# Set to 1, the run writes GENERATED from the scenarios that passed.
RECORD_VARIABLE = "FAULTS_RECORD"
# The table's order, that of the docs page; pytest runs the modules by name.
MODULE_ORDER = [
    "test_bad_input.py",
    "test_rate_limit.py",
    "test_layer_failure.py",
    "test_two_processes.py",
    "test_presence.py",
    "test_crowd.py",
]


@dataclass
class Figure:
    """One measured value of one scenario."""

    scenario: str
    name: str
    value: str
    test: str
    passed: bool = False


def formatted(value, unit=""):
    """Return a value as the table shows it: counts with separators, short times in ms."""
    if unit == "s" and value is not None and value < 1:
        value, unit = round(value * 1000), "ms"
    if value is None:
        text = "n/a"
    elif isinstance(value, float):
        text = f"{value:,.1f}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = str(value)
    return f"{text} {unit}".strip() if value is not None else text


def in_page_order(figures):
    """Return the figures module by module in MODULE_ORDER, each scenario's rows together."""
    first_seen = {}
    for number, figure in enumerate(figures):
        first_seen.setdefault(figure.scenario, number)

    def key(figure):
        module = figure.test.split("::")[0].rsplit("/", 1)[-1]
        rank = MODULE_ORDER.index(module) if module in MODULE_ORDER else len(MODULE_ORDER)
        return rank, first_seen[figure.scenario]

    return sorted(figures, key=key)


def table(figures, with_outcome=False):
    """Return the figures as a Markdown table, in the page's order of scenarios."""
    header = "| Scenario | Figure | Value |" + (" Outcome |" if with_outcome else "")
    rule = "| --- | --- | ---: |" + (" --- |" if with_outcome else "")
    rows = []
    previous = None
    for figure in in_page_order(figures):
        # A scenario's name on its first row only: the table reads as groups.
        scenario = "" if figure.scenario == previous else figure.scenario
        previous = figure.scenario
        row = f"| {scenario} | {figure.name} | {figure.value} |"
        if with_outcome:
            row += " passed |" if figure.passed else " FAILED |"
        rows.append(row)
    return "\n".join([header, rule, *rows])


def should_record():
    """Return whether this run writes the docs' table of figures."""
    return os.environ.get(RECORD_VARIABLE) == "1"


def write_generated(figures):
    """Write the figures of the scenarios that passed as the docs' Markdown include."""
    kept = [figure for figure in figures if figure.passed]
    cores = os.cpu_count() or 1
    text = (
        "<!-- Written by the faults suite: FAULTS_RECORD=1 nox -s tests -- faults. "
        "Do not edit by hand. -->\n\n"
        f"{table(kept)}\n\n"
        f"Measured on a {cores}-core machine: the client and the servers shared it.\n"
    )
    GENERATED.parent.mkdir(parents=True, exist_ok=True)
    GENERATED.write_text(text)
    return GENERATED
