"""Reproduce "group_send without async_to_sync": a coroutine made, never awaited, nothing sent."""

import re

import pytest
from channels.db import database_sync_to_async

from course_kit.fetch import fetch
from rooms.announcements import publish
from rooms.models import Announcement
from tests.broken.announcements import publish_without_async_to_sync
from tests.clients import join, next_event
from tests.processes import MANAGE, Job

NEVER_AWAITED = "coroutine '{layer}.group_send' was never awaited"
# Two calls in one process: the warning comes out for the first only.
SHELL_CODE = (
    "from tests.broken.announcements import publish_without_async_to_sync as publish; "
    "publish('shell', 'first'); publish('shell', 'second')"
)


# Autouse: started with the module's first test, it runs beside the others.
@pytest.fixture(scope="module", autouse=True)
def shell_run(workdir, step_settings):
    """Start `manage.py shell -c` on two calls of the broken publish, on the in-memory layer."""
    job = Job.start(workdir, [*MANAGE, "shell", "-c", SHELL_CODE], step_settings, "shell")
    yield job
    job.stop()


def saved_texts():
    """Return the text of every saved announcement, oldest first."""
    return list(Announcement.objects.values_list("text", flat=True))


async def test_group_send_without_async_to_sync_sends_nothing_and_warns(channel_layer, enter):
    # --8<-- [start:in-process]
    member = await enter("news")

    with pytest.warns(RuntimeWarning) as warned:
        await database_sync_to_async(publish_without_async_to_sync)("news", "never sent")
    await database_sync_to_async(publish)("news", "sent")

    # Had the first one been sent, it would have come first.
    assert (await member.receive_json_from())["text"] == "sent"
    assert [str(warning.message) for warning in warned] == [
        # The class that defines group_send: channels-redis's, under a subclass.
        NEVER_AWAITED.format(layer=type(channel_layer).group_send.__qualname__.split(".")[0])
    ]
    # --8<-- [end:in-process]
    # Both rows are saved: a page that reloads shows both.
    assert await database_sync_to_async(saved_texts)() == ["never sent", "sent"]


def test_runserver_prints_no_warning_and_the_room_hears_nothing(broken_server):
    room = "/ws/any-room/quiet/"
    url = broken_server.url + "/broken/announce/quiet/?text=Lunch+is+served"

    with join(broken_server, room) as member:
        status, answer = fetch(url, timeout=10)
        # A newcomer's join reaches the member after anything sent before it.
        with join(broken_server, room) as newcomer:
            heard = next_event(member)
            replayed = next_event(newcomer)

    # Logged once the view has answered: a warning would come before it.
    output = broken_server.wait_for("HTTP GET /broken/announce/quiet/")
    assert status == 200
    assert answer == f"Announced #{replayed['id']}"
    assert heard["type"] == "join"
    assert replayed["text"] == "Lunch is served"
    assert "never awaited" not in output
    assert "RuntimeWarning" not in output


def test_manage_py_shell_prints_the_warning_once_per_process(shell_run):
    code, output = shell_run.result()

    assert code == 0
    warning = re.escape(NEVER_AWAITED.format(layer="InMemoryChannelLayer"))
    assert re.search(
        rf"^\S+/tests/broken/announcements\.py:\d+: RuntimeWarning: {warning}\n"
        r"  layer\.group_send\(group_name\(event\[\"room\"\]\), event\)\n"
        r"RuntimeWarning: Enable tracemalloc to get the object allocation traceback$",
        output,
        re.MULTILINE,
    )
    assert output.count("was never awaited") == 1


def test_pytest_times_out_and_names_the_coroutine_in_its_warnings_summary(sample_runs):
    _, output = sample_runs["events"].result()

    assert "FAILED test_unawaited_group_send.py::test_member_hears_the_announcement" in output
    # The receive after publishing waited its second, and gave up.
    assert ">       event = await member.receive_json_from()\n" in output
    assert "\nE           TimeoutError\n" in output
    warning = re.escape(NEVER_AWAITED.format(layer="InMemoryChannelLayer"))
    assert re.search(
        rf"^  \S+/tests/broken/announcements\.py:\d+: RuntimeWarning: {warning}$",
        output,
        re.MULTILINE,
    )
