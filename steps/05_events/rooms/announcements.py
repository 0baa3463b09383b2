"""Publish an announcement to a room from plain Django code: a view, the admin, a command."""

import logging
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from config.channel_layers import LAYER_ERRORS
from rooms.consumers import group_name
from rooms.models import Announcement

logger = logging.getLogger(__name__)


def publish(room, text, author=None):
    """Save an announcement and send it to the room once the transaction commits."""
    announcement = Announcement(room=room, text=text.strip(), author=author)
    # Raises ValidationError, naming each bad field, before anything is saved.
    announcement.full_clean()
    announcement.save()
    # After the commit, not now: a transaction that rolls back then sends
    # nothing, and no connecting client falls in between, since one that joins
    # the group too late for the event reads the database after the commit.
    # Outside any transaction, on_commit runs the send at once.
    transaction.on_commit(partial(send_to_room, announcement.as_event()))
    return announcement


def send_to_room(event):
    """Send an announcement event to every member of its room, on every server."""
    # Looked up on each call: the layer follows the CHANNEL_LAYERS setting,
    # and a module-level layer would keep the one of import time.
    layer = get_channel_layer()
    # group_send is a coroutine, and this is sync code. async_to_sync refuses to
    # run in a thread with a running event loop: from a consumer, await
    # database_sync_to_async(publish)(...) instead of calling publish() itself.
    # The event's type, "announcement", makes each member's consumer run its
    # announcement() method.
    try:
        async_to_sync(layer.group_send)(group_name(event["room"]), event)
    except LAYER_ERRORS as error:
        # The row is saved, and with the layer down every room page has been
        # told to reconnect: each gets the announcement from the database then.
        # Raising here would turn a saved announcement into an error page.
        logger.warning(
            "Announcement #%s saved but not sent live, the channel layer failed: %s: %s",
            event["id"],
            type(error).__name__,
            error,
        )
