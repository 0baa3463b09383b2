"""Publish announcements as the finished step does, each with one mistake (the tests call them)."""

from functools import partial

from channels.layers import get_channel_layer
from django.db import transaction

from rooms.announcements import send_to_room
from rooms.consumers import group_name
from rooms.models import Announcement


def save(room, text):
    """Save an announcement as the step's publish() does, and return it."""
    announcement = Announcement(room=room, text=text.strip())
    announcement.full_clean()
    announcement.save()
    return announcement


def publish_without_async_to_sync(room, text):
    """Save an announcement, and once the transaction commits, fail to send it."""
    announcement = save(room, text)
    transaction.on_commit(partial(send_without_async_to_sync, announcement.as_event()))
    return announcement


# --8<-- [start:without-async-to-sync]
def send_without_async_to_sync(event):
    """Send an announcement event to its room: the step's send_to_room(), minus one call."""
    layer = get_channel_layer()
    # The mistake: group_send is a coroutine function. Called from sync code, it
    # returns a coroutine, and nothing sends until something awaits that.
    layer.group_send(group_name(event["room"]), event)


# --8<-- [end:without-async-to-sync]


# --8<-- [start:before-commit]
def publish_before_commit(room, text):
    """Save an announcement and send it at once."""
    announcement = save(room, text)
    # The mistake: sent now, not on commit. The transaction that saved the row
    # may still roll back, and the event cannot be taken back.
    send_to_room(announcement.as_event())
    return announcement


# --8<-- [end:before-commit]


# --8<-- [start:dotted-type]
def publish_as_announcement_new(room, text):
    """Save an announcement and send it, once committed, as an "announcement.new" event."""
    announcement = save(room, text)
    # The mistake: a type that RoomConsumer has no method for. Channels looks
    # for announcement_new(); the consumer has announcement().
    event = {**announcement.as_event(), "type": "announcement.new"}
    transaction.on_commit(partial(send_to_room, event))
    return announcement


# --8<-- [end:dotted-type]
