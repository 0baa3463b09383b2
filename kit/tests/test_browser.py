"""The kit launches the machine's Chromium and records what a page logs as an error."""

import pytest

from course_kit.browser import launched_chromium, record_problems

pytestmark = pytest.mark.e2e

PAGE = "data:text/html,<script>console.error('from the page'); undefined_name();</script>"


def test_console_errors_and_uncaught_exceptions_are_recorded():
    with launched_chromium() as browser:
        tab = record_problems(browser.new_page())
        tab.goto(PAGE)
        tab.wait_for_timeout(0)  # Let the page's events reach Python.
        problems = list(tab.console_errors)

    assert "from the page" in problems
    assert any("undefined_name" in problem for problem in problems)
