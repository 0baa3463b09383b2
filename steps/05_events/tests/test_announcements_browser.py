"""Announcements reach open room pages at once, and survive a server restart."""

import subprocess
import sys
import uuid

import pytest

from course_kit.browser import record_problems
from course_kit.server import manage, server_env

pytestmark = pytest.mark.browser

ORGANISER, PASSWORD = "organiser", "announce-it-1"
# Idempotent: the servers' database outlives a test run.
MAKE_ORGANISER = (
    "from django.contrib.auth.models import User; "
    f"user, _ = User.objects.get_or_create(username={ORGANISER!r}); "
    f"user.is_staff = True; user.set_password({PASSWORD!r}); user.save()"
)


def fresh_room(name):
    """Return a room name no earlier run used."""
    return f"{name}-{uuid.uuid4().hex[:8]}"


def announcements(tab):
    """Return the announcements a tab shows, as their text."""
    return tab.locator("#announcements li").all_inner_texts()


def announce(project_dir, room, text, redis_url):
    """Run `manage.py announce ROOM TEXT` as a process of its own."""
    subprocess.run(
        [sys.executable, "manage.py", "announce", room, text],
        cwd=project_dir,
        env=server_env({"REDIS_URL": redis_url}),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=True,
    )


def test_staff_announcement_appears_in_another_tab_without_a_reload(
    server, page, project_dir, screenshot
):
    manage(project_dir, "shell", "-c", MAKE_ORGANISER)
    room = fresh_room("browser")
    # A context of its own: no session cookie, so an anonymous watcher.
    watcher_context = page.context.browser.new_context(viewport=page.viewport_size)
    watcher = record_problems(watcher_context.new_page())
    watcher.goto(f"{server.url}/rooms/{room}/")
    watcher.wait_for_selector("#connection[data-state='open']")
    # A reload would clear this: still set at the end, the page never reloaded.
    watcher.evaluate("window.notReloaded = true")

    page.goto(f"{server.url}/accounts/login/?next=/rooms/{room}/")
    page.fill("#id_username", ORGANISER)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type='submit']")
    page.wait_for_url(f"{server.url}/rooms/{room}/")
    page.fill("#announce-form input[name='text']", "Talk moved to hall B")
    with page.expect_navigation():  # the redirect back to the room
        page.click("#announce-form button")

    watcher.locator("#announcements li").first.wait_for()
    page.locator("#announcements li").first.wait_for()
    screenshot(page, "organiser")
    screenshot(watcher, "watcher")
    assert announcements(watcher) == ["organiser: Talk moved to hall B"]
    assert announcements(page) == ["organiser: Talk moved to hall B"]
    assert watcher.evaluate("window.notReloaded") is True
    assert watcher.locator("#announce-form").count() == 0
    assert page.console_errors == watcher.console_errors == []
    assert "Traceback" not in server.output()


def test_page_shows_each_announcement_once_across_a_server_restart(
    start_server, page, project_dir, redis_url
):
    room = fresh_room("restart")
    first = start_server(env={"REDIS_URL": redis_url})
    page.goto(f"{first.url}/rooms/{room}/")
    page.wait_for_selector("#connection[data-state='open']")
    announce(project_dir, room, "before the restart", redis_url)
    page.locator("#announcements li").first.wait_for()

    first.stop()
    page.wait_for_selector("#connection[data-state='closed']")
    announce(project_dir, room, "while the server was down", redis_url)
    again = start_server(env={"REDIS_URL": redis_url}, port=first.port)
    page.wait_for_selector("#connection[data-state='open']", timeout=20_000)
    # The resync comes before anything live: once this message is back, any
    # announcement shown twice would already be on the page.
    page.fill("#message", "back again")
    page.click("#send")
    page.locator("#log li.received", has_text="back again").wait_for()

    assert announcements(page) == [
        "organisers: before the restart",
        "organisers: while the server was down",
    ]
    assert "Traceback" not in first.output() + again.output()
