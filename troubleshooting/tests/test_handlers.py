"""Reproduce "No handler for a group event": a handler not named after the event type."""

import json

import pytest
from websockets import ConnectionClosedError
from websockets.sync.client import connect

from tests.broken.consumers import MisnamedHandlerConsumer


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
