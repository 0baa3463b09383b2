"""Routes send each path to its consumer and refuse every other path."""

import logging

import pytest

from config.routing import websocket_urlpatterns

REFUSED_PATHS = {
    "unknown-path": "/ws/nowhere/",
    "no-room-name": "/ws/rooms//",
    "room-list": "/ws/rooms/",
    "space-in-name": "/ws/rooms/two words/",
    "non-ascii-name": "/ws/rooms/café/",
    "51-characters": "/ws/rooms/" + "a" * 51 + "/",
    "extra-segment": "/ws/rooms/lobby/extra/",
    "dot-in-name": "/ws/rooms/lob.by/",
    "missing-slash": "/ws/rooms/lobby",
    "encoded-newline": "/ws/rooms/lobby/%0A",
}


def test_routing_module_lists_the_routes_last_one_catching_all():
    routes = [str(pattern.pattern) for pattern in websocket_urlpatterns]

    assert routes == ["ws/echo/", "ws/rooms/<room:room>/", ""]


async def test_echo_path_reaches_the_echo_consumer(communicators):
    communicator = communicators("/ws/echo/")
    await communicator.connect()

    await communicator.send_to(text_data="plain text, not JSON")

    assert await communicator.receive_from() == "plain text, not JSON"


async def test_room_path_reaches_the_room_consumer_with_the_room_from_the_url(communicators):
    communicator = communicators("/ws/rooms/Team_7-b/")

    connected, _ = await communicator.connect()

    assert connected
    welcome = await communicator.receive_json_from()
    assert (welcome["type"], welcome["room"]) == ("welcome", "Team_7-b")


async def test_room_name_of_fifty_characters_is_accepted(communicators):
    communicator = communicators("/ws/rooms/" + "a" * 50 + "/")

    connected, _ = await communicator.connect()

    assert connected


@pytest.mark.parametrize("path", REFUSED_PATHS.values(), ids=REFUSED_PATHS.keys())
async def test_path_with_no_route_is_refused(communicators, path):
    communicator = communicators(path)

    connected, code = await communicator.connect()

    # Closed before accept: daphne turns this into an HTTP 403.
    assert (connected, code) == (False, 1000)


async def test_refusal_is_logged_in_one_line_saying_why(communicators, caplog):
    communicator = communicators("/ws/nowhere/")

    with caplog.at_level(logging.WARNING, logger="config"):
        await communicator.connect()

    assert [record.getMessage() for record in caplog.records] == [
        "WebSocket refused: no route matches '/ws/nowhere/'"
    ]


async def test_origin_is_checked_before_routing(communicators, caplog):
    communicator = communicators("/ws/nowhere/", origin="http://evil.example")

    with caplog.at_level(logging.WARNING, logger="config"):
        connected, _ = await communicator.connect()

    # Refused by the validator: the router and its log line are never reached.
    assert not connected
    assert caplog.records == []
