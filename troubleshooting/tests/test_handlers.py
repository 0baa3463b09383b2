"""Reproduce "No handler for a group event": a handler not named after the event type."""

import json

import pytest
from channels.db import database_sync_to_async
from websockets import ConnectionClosedError
from websockets.sync.client import connect

from config.asgi import application
from tests.broken.announcements import publish_as_announcement_new
from tests.broken.consumers import MisnamedHandlerConsumer
from tests.clients import ORIGIN


async def test_group_event_without_a_matching_handler_crashes_every_member(communicators):
    # --8<-- [start:no-handler]
    sender = communicators(MisnamedHandlerConsumer.as_asgi(), "/ws/misnamed/")
    other = communicators(MisnamedHandlerConsumer.as_asgi(), "/ws/misnamed/")
    for member in (sender, other):
        connected, _ = await member.connect()
        assert connected

    await sender.send_json_to("hello")

    for member in (sender, other):
        with pytest.raises(ValueError, match="No handler") as error:
            await member.receive_json_from()
        assert str(error.value) == "No handler for message type chat.message"
    # --8<-- [end:no-handler]


def test_real_server_closes_the_connection_with_1011_and_logs_no_handler(broken_server):
    with connect(broken_server.ws_url + "/ws/misnamed/", open_timeout=10) as websocket:
        websocket.send(json.dumps("hello"))

        with pytest.raises(ConnectionClosedError) as closed:
            websocket.recv(timeout=10)

    assert str(closed.value) == "received 1011 (internal error); then sent 1011 (internal error)"
    output = broken_server.wait_for("ValueError: No handler for message type chat.message\n")
    assert "Exception inside application: No handler for message type chat.message" in output


async def test_announcement_of_a_type_with_no_method_crashes_the_members_not_the_sender(enter):
    members = [await enter("plenary"), await enter("plenary")]

    # The sender, plain Django code, gets no error: the layer only delivers.
    announcement = await database_sync_to_async(publish_as_announcement_new)("plenary", "Hall B")

    assert announcement.id is not None
    for member in members:
        with pytest.raises(ValueError, match="No handler") as error:
            await member.receive_json_from()
        assert str(error.value) == "No handler for message type announcement.new"


async def test_a_page_reconnecting_after_the_crash_gets_the_announcement_from_the_database(
    enter, communicators
):
    member = await enter("plenary")
    await database_sync_to_async(publish_as_announcement_new)("plenary", "Hall B")
    with pytest.raises(ValueError, match="No handler"):
        await member.receive_json_from()

    # As the page does; it had shown no announcement, so it sends no ?after=.
    reconnected = communicators(application, "/ws/rooms/plenary/", headers=[ORIGIN])
    await reconnected.connect()

    assert (await reconnected.receive_json_from())["type"] == "welcome"
    replayed = await reconnected.receive_json_from()
    assert (replayed["type"], replayed["text"]) == ("announcement", "Hall B")
