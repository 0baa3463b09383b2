"""A missing outside program skips its tests on a laptop and fails them where it is required."""

import pytest

SAMPLE = """
from course_kit.needs import missing

def test_needs_a_program():
    missing("no frobnicator found: install it", "REQUIRE_FROBNICATOR")
"""


def test_missing_program_skips_with_the_reason(pytester, monkeypatch):
    monkeypatch.delenv("REQUIRE_FROBNICATOR", raising=False)
    pytester.makepyfile(SAMPLE)

    result = pytester.runpytest("-p", "no:asyncio", "-rs")

    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*no frobnicator found: install it*"])


def test_missing_program_fails_when_its_require_variable_is_set(pytester, monkeypatch):
    monkeypatch.setenv("REQUIRE_FROBNICATOR", "1")
    pytester.makepyfile(SAMPLE)

    result = pytester.runpytest(
        "-p",
        "no:asyncio",
    )

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*REQUIRE_FROBNICATOR=1 makes this a failure, not a skip*"])


@pytest.mark.parametrize("value", ["0", "", "yes"])
def test_only_the_value_1_turns_a_skip_into_a_failure(pytester, monkeypatch, value):
    monkeypatch.setenv("REQUIRE_FROBNICATOR", value)
    pytester.makepyfile(SAMPLE)

    result = pytester.runpytest(
        "-p",
        "no:asyncio",
    )

    result.assert_outcomes(skipped=1)
