"""Reproduce "Invalid group names": spaces, non-ASCII, 100 characters or more."""

import pytest
from channels.auth import AuthMiddlewareStack
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from django.urls import path

from rooms.consumers import RoomConsumer
from tests.clients import refusal

GROUP_NAME_ERROR = (
    "Group name must be a valid unicode string with length < 100 containing only "
    "ASCII alphanumerics, hyphens, underscores, or periods."
)
# Room names that <str:room> lets through and the group "room.<name>" cannot hold.
BAD_ROOMS = {"space": "two words", "non-ascii": "café", "too-long": "a" * 95}
# The same names as a client puts them in a URL.
QUOTED_ROOMS = {"space": "two%20words", "non-ascii": "caf%C3%A9", "too-long": "a" * 95}


@pytest.mark.parametrize("room", BAD_ROOMS.values(), ids=BAD_ROOMS.keys())
async def test_channel_layer_refuses_an_invalid_group_name(room):
    layer = get_channel_layer()
    channel = await layer.new_channel()

    with pytest.raises(TypeError) as error:
        await layer.group_add(f"room.{room}", channel)

    assert str(error.value) == GROUP_NAME_ERROR


async def test_str_converter_lets_a_space_into_the_group_name(communicators):
    # --8<-- [start:str-converter]
    # <str:room> instead of the course's <room:room>: a space gets through.
    router = AuthMiddlewareStack(URLRouter([path("ws/rooms/<str:room>/", RoomConsumer.as_asgi())]))
    communicator = communicators(router, "/ws/rooms/two words/")

    with pytest.raises(TypeError, match="Group name must be") as error:
        await communicator.connect()
    # --8<-- [end:str-converter]

    assert str(error.value) == GROUP_NAME_ERROR


@pytest.mark.parametrize("room", QUOTED_ROOMS.values(), ids=QUOTED_ROOMS.keys())
def test_real_server_answers_an_invalid_room_name_with_500(broken_server, room):
    room_path = f"/ws/any-room/{room}/"

    refused = refusal(broken_server.ws_url + room_path)

    assert refused == "server rejected WebSocket connection: HTTP 500"
    output = broken_server.wait_for(f"WebSocket DISCONNECT {room_path}")
    # What the server logged for this one handshake, from its start to its end.
    handshake = output[output.index(f"WebSocket HANDSHAKING {room_path}") :]
    handshake = handshake[: handshake.index(f"WebSocket DISCONNECT {room_path}")]
    assert f"Exception inside application: {GROUP_NAME_ERROR}\n" in handshake
    assert f"TypeError: {GROUP_NAME_ERROR}\n" in handshake
