"""Two browser pages in one room see each other's messages."""

import pytest

pytestmark = pytest.mark.browser


def test_two_pages_in_one_room_talk_to_each_other(server, page, screenshot):
    page.goto(server.url + "/rooms/together/")
    page.wait_for_selector("#connection[data-state='open']")
    other = page.context.new_page()
    other.goto(server.url + "/rooms/together/")
    other.wait_for_selector("#connection[data-state='open']")

    page.locator("#log li.event", has_text="anonymous joined").wait_for()
    other.fill("#message", "hello from the other tab")
    other.click("#send")

    page.locator("#log li.received").first.wait_for()
    assert page.locator("#log li.received").all_inner_texts() == [
        "anonymous: hello from the other tab"
    ]
    other.locator("#log li.received").first.wait_for()
    screenshot(page, "first-tab")
    screenshot(other, "second-tab")
    assert other.locator("#log li.received").all_inner_texts() == [
        "anonymous: hello from the other tab"
    ]
    other.close()
    page.locator("#log li.event", has_text="anonymous left").wait_for()
    assert page.console_errors == []
