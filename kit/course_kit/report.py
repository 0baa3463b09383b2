"""Record each test's outcome as one JSON line, for the check to tell a learner.

A pytest plugin, loaded by `nox -s check` with `-p course_kit.report`; the
file to write comes from the COURSE_REPORT variable.
"""

import json
import os
import sys
from pathlib import Path

import pytest

REPORT_VARIABLE = "COURSE_REPORT"


def _write(record):
    """Append one record to the report file."""
    with open(os.environ[REPORT_VARIABLE], "a", encoding="utf-8") as report:
        report.write(json.dumps(record) + "\n")


def _message(report):
    """Return what pytest says went wrong, or why the test was skipped."""
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):  # A skip: (file, line, "Skipped: reason").
        return longrepr[2].removeprefix("Skipped: ")
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message
    return str(longrepr or "")


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    """Record where the project's `config` package was imported from."""
    config = sys.modules.get("config")
    origin = getattr(config, "__file__", None)
    _write({"kind": "project", "config": str(Path(origin).parent) if origin else None})


def pytest_collectreport(report):
    """Record a test file that could not even be imported."""
    if report.failed:
        _write({"kind": "collect", "path": report.nodeid, "message": _message(report)})


def pytest_runtest_logreport(report):
    """Record the outcome of each test: a failed setup or teardown too."""
    if report.when == "call" or report.failed or report.skipped:
        _write(
            {
                "kind": "test",
                "nodeid": report.nodeid,
                "when": report.when,
                "outcome": report.outcome,
                "message": "" if report.passed else _message(report),
            }
        )
