"""A learner's browser shows the home page served over ASGI."""

import pytest

pytestmark = pytest.mark.browser


def test_home_page_says_it_was_served_over_asgi(server, page, screenshot):
    page.goto(server.url + "/")
    screenshot(page, "home")

    assert page.get_by_test_id("served-over").inner_text() == "This page was served over ASGI."
    assert page.console_errors == []
