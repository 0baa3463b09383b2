"""publish() saves an announcement and sends it to its room once the transaction commits."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import ValidationError
from django.db import transaction

from rooms.announcements import publish
from rooms.models import MAX_ANNOUNCEMENT_LENGTH, Announcement

ROOM = "news"


def publish_in_a_transaction(room, text, author=None):
    """Publish inside a transaction that commits; return the event it should send."""
    with transaction.atomic():
        return publish(room, text, author=author).as_event()


def publish_and_roll_back(room, text):
    """Publish inside a transaction that then rolls back."""
    with transaction.atomic():
        publish(room, text)
        transaction.set_rollback(True)


def saved_texts():
    """Return the text of every saved announcement, oldest first."""
    return list(Announcement.objects.values_list("text", flat=True))


async def test_committed_announcement_reaches_every_member_once(channel_layer, enter):
    members = [await enter(ROOM) for _ in range(3)]

    event = await database_sync_to_async(publish_in_a_transaction)(ROOM, "Talk moved to hall B")

    for member in members:
        assert await member.receive_json_from() == event
    # Side by side: one tenth of a second of quiet for all, not one each.
    assert all(await asyncio.gather(*(member.receive_nothing() for member in members)))


async def test_rolled_back_announcement_is_neither_sent_nor_saved(channel_layer, enter):
    member = await enter(ROOM)

    await database_sync_to_async(publish_and_roll_back)(ROOM, "never happened")
    await database_sync_to_async(publish)(ROOM, "this one happened")

    # Had the rolled-back one been sent, it would have come first.
    assert (await member.receive_json_from())["text"] == "this one happened"
    assert await member.receive_nothing()
    assert await database_sync_to_async(saved_texts)() == ["this one happened"]


async def test_event_carries_the_saved_row_and_the_authors_name(channel_layer, enter, staff_user):
    member = await enter(ROOM)

    await database_sync_to_async(publish)(ROOM, "Lunch is served", author=staff_user)

    event = await member.receive_json_from()
    saved = await Announcement.objects.aget()
    assert event == {
        "type": "announcement",
        "id": saved.id,
        "room": ROOM,
        "text": "Lunch is served",
        "author": "grace",
        "created": saved.created.isoformat(),
    }


async def test_another_room_hears_nothing(channel_layer, enter):
    member = await enter(ROOM)
    elsewhere = await enter("elsewhere")

    await database_sync_to_async(publish)(ROOM, "only for news")

    assert (await member.receive_json_from())["text"] == "only for news"
    assert await elsewhere.receive_nothing()


BAD_ROOMS = {
    "empty": "",
    "space": "two words",
    "non-ascii": "café",
    "51-characters": "a" * 51,
    "dot": "lob.by",
    "final-newline": "lobby\n",
}
BAD_TEXTS = {
    "empty": "",
    "blank": " \t\n ",
    "too-long": "x" * (MAX_ANNOUNCEMENT_LENGTH + 1),
}


@pytest.mark.parametrize("room", BAD_ROOMS.values(), ids=BAD_ROOMS.keys())
def test_bad_room_is_refused_and_nothing_is_saved_or_sent(
    db, django_capture_on_commit_callbacks, room
):
    with django_capture_on_commit_callbacks() as sends, pytest.raises(ValidationError) as error:
        publish(room, "hello")

    assert "room" in error.value.message_dict
    assert sends == []
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("text", BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_blank_or_too_long_text_is_refused_and_nothing_is_saved_or_sent(
    db, django_capture_on_commit_callbacks, text
):
    with django_capture_on_commit_callbacks() as sends, pytest.raises(ValidationError) as error:
        publish(ROOM, text)

    assert list(error.value.message_dict) == ["text"]
    assert sends == []
    assert not Announcement.objects.exists()


def test_text_is_stripped_and_the_longest_is_accepted(db, django_capture_on_commit_callbacks):
    text = "x" * MAX_ANNOUNCEMENT_LENGTH

    with django_capture_on_commit_callbacks() as sends:
        announcement = publish(ROOM, f"  {text}\n")

    assert announcement.text == text
    assert len(sends) == 1
    assert saved_texts() == [text]
