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


def test_room_page_says_when_redis_is_down_and_joins_once_it_is_back(start_server, page, tmp_path):
    from course_kit.processes import free_port
    from course_kit.redis_server import find_redis_server, running_redis

    port = free_port()
    server = start_server(env={"REDIS_URL": f"redis://127.0.0.1:{port}/0"})
    page.goto(server.url + "/rooms/outage/")

    page.locator("#log li.error", has_text="room_unavailable").first.wait_for()
    page.locator("#log li.event", has_text="disconnected; retrying").first.wait_for()
    with running_redis(find_redis_server(), tmp_path, port=port):
        # The page waits longer after each failure, up to 8 s, then tries again.
        joined = page.locator("#log li.event", has_text="joined outage as anonymous")
        joined.wait_for(timeout=20_000)
        page.wait_for_selector("#connection[data-state='open']")
