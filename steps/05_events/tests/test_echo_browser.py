"""A learner types into the echo page and sees the echo."""

import pytest

pytestmark = pytest.mark.browser


def test_typed_message_is_echoed_on_the_page(server, page, screenshot):
    page.goto(server.url + "/echo/")
    page.wait_for_selector("#connection[data-state='open']")

    page.fill("#message", "hello from Chromium")
    page.click("#send")

    received = page.locator("#log li.received")
    received.first.wait_for()
    screenshot(page, "echo")
    assert received.all_inner_texts() == ["hello from Chromium"]
    assert page.locator("#log li.sent").all_inner_texts() == ["hello from Chromium"]
    assert page.console_errors == []


def test_page_reconnects_when_the_server_comes_back(start_server, page):
    first = start_server()
    page.goto(first.url + "/echo/")
    page.wait_for_selector("#connection[data-state='open']")

    first.stop()
    page.locator("#log li.event").first.wait_for()
    start_server(port=first.port)
    page.wait_for_selector("#connection[data-state='open']", timeout=20_000)
    page.fill("#message", "back again")
    page.click("#send")

    page.locator("#log li.received").first.wait_for()
    assert page.locator("#log li.received").all_inner_texts() == ["back again"]
    assert page.locator("#log li.event").first.inner_text().startswith("disconnected; retrying")
