"""A connecting client gets the announcements it missed from the database, once and in order."""

import pytest
from channels.db import database_sync_to_async

from rooms import consumers
from rooms.announcements import publish
from rooms.history import HISTORY_LENGTH, announcements_after
from rooms.models import Announcement

ROOM = "hall"

BAD_AFTERS = {
    "word": "after=abc",
    "negative": "after=-1",
    "decimal": "after=1.5",
    "empty": "after=",
    "superscript-two": "after=%C2%B2",
    "nineteen-digits": "after=" + "9" * 19,
    "leading-space": "after=%201",
    "twice": "after=1&after=2",
}


@database_sync_to_async
def saved(room, count):
    """Save `count` announcements in `room` without sending them; return their ids."""
    made = Announcement.objects.bulk_create(
        Announcement(room=room, text=f"{room} {number}") for number in range(count)
    )
    return [announcement.id for announcement in made]


async def received_ids(member, count):
    """Read `count` events, check they are announcements, and return their ids."""
    events = [await member.receive_json_from() for _ in range(count)]
    assert {event["type"] for event in events} == {"announcement"}
    return [event["id"] for event in events]


async def test_newcomer_receives_the_rooms_announcements_oldest_first(enter):
    ids = await saved(ROOM, 3)
    await saved("another-room", 2)

    member = await enter(ROOM)

    assert await received_ids(member, 3) == ids
    assert await member.receive_nothing()


async def test_newcomer_receives_only_the_latest_ones(enter):
    ids = await saved(ROOM, HISTORY_LENGTH + 5)

    member = await enter(ROOM)

    assert await received_ids(member, HISTORY_LENGTH) == ids[-HISTORY_LENGTH:]
    assert await member.receive_nothing()


async def test_returning_client_receives_exactly_the_ones_after_its_last(enter):
    ids = await saved(ROOM, 5)

    member = await enter(ROOM, query=f"after={ids[2]}")

    assert await received_ids(member, 2) == ids[3:]
    assert await member.receive_nothing()


async def test_client_that_saw_the_newest_receives_none(enter):
    ids = await saved(ROOM, 3)

    member = await enter(ROOM, query=f"after={ids[-1]}")

    assert await member.receive_nothing()


@pytest.mark.parametrize("query", BAD_AFTERS.values(), ids=BAD_AFTERS.keys())
async def test_bad_after_gets_an_error_then_what_a_newcomer_gets(enter, query):
    ids = await saved(ROOM, 2)

    member = await enter(ROOM, query=query)

    error = await member.receive_json_from()
    assert (error["type"], error["code"]) == ("error", "invalid_after")
    assert "after=42" in error["message"]
    assert await received_ids(member, 2) == ids


async def test_room_still_talks_after_a_bad_after(enter):
    member = await enter(ROOM, query="after=abc")
    await member.receive_json_from()

    await member.send_json_to({"type": "message", "text": "still here"})

    assert (await member.receive_json_from())["text"] == "still here"


async def test_announcement_committed_during_the_read_arrives_once(
    channel_layer, enter, communicators, monkeypatch
):
    watcher = await enter(ROOM)

    published = []

    def publish_then_read(room, after):
        # Between the newcomer's group_add and its read: the row is in the
        # database, and its live event is on its way to the newcomer too.
        published.append(publish(room, "during the resync").id)
        return announcements_after(room, after)

    monkeypatch.setattr(consumers, "announcements_after", publish_then_read)
    newcomer = communicators(f"/ws/rooms/{ROOM}/")
    await newcomer.connect()

    assert (await newcomer.receive_json_from())["type"] == "welcome"
    assert await received_ids(newcomer, 1) == published
    # The live copy went out: the watcher hears it before the newcomer's join.
    assert await received_ids(watcher, 1) == published
    assert (await watcher.receive_json_from())["type"] == "join"
    assert await newcomer.receive_nothing()


async def test_announcement_committed_just_after_the_read_still_arrives(
    channel_layer, communicators, monkeypatch
):
    published = []

    def read_then_publish(room, after):
        # Not in what was read: only a newcomer already in the group hears it.
        missed = announcements_after(room, after)
        published.append(publish(room, "just after the read").id)
        return missed

    monkeypatch.setattr(consumers, "announcements_after", read_then_publish)
    newcomer = communicators(f"/ws/rooms/{ROOM}/")
    await newcomer.connect()

    assert (await newcomer.receive_json_from())["type"] == "welcome"
    assert await received_ids(newcomer, 1) == published
    assert await newcomer.receive_nothing()
