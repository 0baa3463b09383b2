"""Give `manage.py announce` a `--from USER` option naming the author; refuse an unknown user."""

import io

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from django.core.management.base import CommandError

from rooms.models import Announcement

pytestmark = pytest.mark.exercise

ROOM = "plenary"

# The command refuses the in-memory layer: these tests run on Redis alone.
ON_REDIS = pytest.mark.parametrize("channel_layer", ["redis"], indirect=True)


@ON_REDIS
async def test_from_makes_the_user_the_author(channel_layer, enter, staff_user):
    member = await enter(ROOM)
    out = io.StringIO()

    await database_sync_to_async(call_command)(
        "announce", ROOM, "Doors close at six", "--from", "grace", stdout=out
    )

    event = await member.receive_json_from()
    assert (event["text"], event["author"]) == ("Doors close at six", "grace")
    assert await Announcement.objects.filter(id=event["id"], author=staff_user).aexists()
    assert out.getvalue() == f"Announced #{event['id']} to {ROOM}: Doors close at six\n"


@ON_REDIS
def test_unknown_user_is_refused_and_nothing_is_saved_or_sent(
    channel_layer, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as sends, pytest.raises(CommandError) as error:
        call_command("announce", ROOM, "who sent this?", "--from", "nobody")

    message = str(error.value)
    assert "nobody" in message, message
    assert message.endswith("Nothing was saved."), message
    assert error.value.returncode == 1
    assert sends == []
    assert not Announcement.objects.exists()


@ON_REDIS
async def test_without_from_the_announcement_still_has_no_author(channel_layer, enter):
    member = await enter(ROOM)

    await database_sync_to_async(call_command)(
        "announce", ROOM, "From the organisers", stdout=io.StringIO()
    )

    assert (await member.receive_json_from())["author"] is None
