"""`manage.py announce ROOM TEXT` publishes on Redis, and refuses what it cannot deliver."""

import io

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from django.core.management.base import CommandError

from rooms.models import MAX_ANNOUNCEMENT_LENGTH, Announcement

ROOM = "plenary"

BAD_INPUT = {
    "space-in-room": ("two words", "hello", "room"),
    "non-ascii-room": ("café", "hello", "room"),
    "51-character-room": ("a" * 51, "hello", "room"),
    "empty-room": ("", "hello", "room"),
    "empty-text": (ROOM, "", "text"),
    "blank-text": (ROOM, "   ", "text"),
    "too-long-text": (ROOM, "x" * (MAX_ANNOUNCEMENT_LENGTH + 1), "text"),
}

# The channel_layer fixture, for one kind of layer only.
ON_REDIS = pytest.mark.parametrize("channel_layer", ["redis"], indirect=True)
IN_MEMORY = pytest.mark.parametrize("channel_layer", ["in-memory"], indirect=True)


@ON_REDIS
async def test_on_redis_the_command_reaches_the_rooms_members(channel_layer, enter):
    member = await enter(ROOM)
    out = io.StringIO()

    await database_sync_to_async(call_command)("announce", ROOM, "Doors close at six", stdout=out)

    event = await member.receive_json_from()
    assert (event["text"], event["author"]) == ("Doors close at six", None)
    assert out.getvalue() == f"Announced #{event['id']} to {ROOM}: Doors close at six\n"


@IN_MEMORY
def test_with_the_in_memory_layer_the_command_refuses_and_saves_nothing(
    channel_layer, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as sends, pytest.raises(CommandError) as error:
        call_command("announce", ROOM, "nobody would hear this")

    assert "in-memory" in str(error.value)
    assert "REDIS_URL" in str(error.value)
    assert sends == []
    assert not Announcement.objects.exists()


@ON_REDIS
@pytest.mark.parametrize(("room", "text", "field"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_and_nothing_is_saved_or_sent(
    channel_layer, db, django_capture_on_commit_callbacks, room, text, field
):
    with django_capture_on_commit_callbacks() as sends, pytest.raises(CommandError) as error:
        call_command("announce", room, text)

    assert str(error.value).startswith(f"{field}: ")
    assert str(error.value).endswith("Nothing was saved.")
    assert error.value.returncode == 1
    assert sends == []
    assert not Announcement.objects.exists()


def test_room_and_text_are_both_required():
    with pytest.raises(CommandError, match="the following arguments are required: text"):
        call_command("announce", ROOM)


def test_with_redis_down_the_command_saves_and_says_the_pages_get_it_later(
    settings, db, caplog, django_capture_on_commit_callbacks
):
    from config.channel_layers import channel_layers
    from course_kit.processes import free_port

    settings.CHANNEL_LAYERS = channel_layers(f"redis://127.0.0.1:{free_port()}/0")
    out = io.StringIO()

    # The test's transaction never commits: run the on-commit send as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("announce", ROOM, "Saved all the same", stdout=out)

    saved = Announcement.objects.get()
    assert saved.text == "Saved all the same"
    assert out.getvalue() == f"Announced #{saved.id} to {ROOM}: Saved all the same\n"
    assert f"Announcement #{saved.id} saved but not sent live" in caplog.text
