"""A learner picks a room in the browser and talks in it."""

import pytest

pytestmark = pytest.mark.browser


def test_joining_a_room_from_the_home_page_and_sending_a_message(server, page, screenshot):
    page.goto(server.url + "/")
    page.fill("#room", "browser-room")
    page.click("#room-form button")
    page.wait_for_selector("#connection[data-state='open']")

    page.fill("#message", "hello, room")
    page.click("#send")

    page.locator("#log li.received").first.wait_for()
    screenshot(page, "room")
    assert page.url == server.url + "/rooms/browser-room/"
    assert page.locator("#me").inner_text() == "anonymous"
    assert page.locator("#log li.received").all_inner_texts() == ["anonymous: hello, room"]
    assert page.console_errors == []


def test_blank_message_shows_the_servers_error(server, page):
    page.goto(server.url + "/rooms/lobby/")
    page.wait_for_selector("#connection[data-state='open']")

    page.fill("#message", "   ")
    page.click("#send")

    page.locator("#log li.error").first.wait_for()
    assert page.locator("#log li.error").inner_text().startswith("invalid_message: ")
