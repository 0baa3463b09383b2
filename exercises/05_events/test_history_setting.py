"""Let the setting ANNOUNCEMENT_HISTORY say how many announcements a connecting client gets."""

import pytest
from channels.db import database_sync_to_async

from rooms.models import Announcement

pytestmark = pytest.mark.exercise

ROOM = "hall"


@database_sync_to_async
def saved(count):
    """Save `count` announcements in the room without sending them; return their ids."""
    made = Announcement.objects.bulk_create(
        Announcement(room=ROOM, text=f"news {number}") for number in range(count)
    )
    return [announcement.id for announcement in made]


async def received_ids(member, count):
    """Read `count` events, check they are announcements, and return their ids."""
    events = [await member.receive_json_from() for _ in range(count)]
    assert {event["type"] for event in events} == {"announcement"}
    return [event["id"] for event in events]


async def test_setting_limits_what_a_newcomer_gets_to_the_latest(enter, settings):
    settings.ANNOUNCEMENT_HISTORY = 3
    ids = await saved(5)

    member = await enter(ROOM)

    assert await received_ids(member, 3) == ids[-3:]
    assert await member.receive_nothing()


async def test_setting_limits_what_a_returning_client_gets(enter, settings):
    settings.ANNOUNCEMENT_HISTORY = 2
    ids = await saved(5)

    member = await enter(ROOM, query=f"after={ids[0]}")

    assert await received_ids(member, 2) == ids[-2:]
    assert await member.receive_nothing()


async def test_setting_of_zero_sends_none_on_connect(enter, settings):
    settings.ANNOUNCEMENT_HISTORY = 0
    await saved(2)

    member = await enter(ROOM)

    assert await member.receive_nothing(), "an announcement came from the database"


async def test_without_the_setting_a_newcomer_gets_twenty(enter, settings):
    del settings.ANNOUNCEMENT_HISTORY
    ids = await saved(25)

    member = await enter(ROOM)

    assert await received_ids(member, 20) == ids[-20:]
    assert await member.receive_nothing()
