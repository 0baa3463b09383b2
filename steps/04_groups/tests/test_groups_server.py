"""Two real server processes share a room only through a shared channel layer."""

import asyncio
import json

import pytest
import websockets

pytestmark = pytest.mark.e2e

ROOM = "/ws/rooms/across/"


async def join(server):
    """Connect to the room on `server` and return the socket, its welcome read."""
    websocket = await websockets.connect(server.ws_url + ROOM, origin=server.url, open_timeout=5)
    welcome = json.loads(await websocket.recv())
    assert welcome["type"] == "welcome"
    return websocket


async def next_event(websocket):
    """Return the next JSON event, failing the test if none comes within 5 s."""
    return json.loads(await asyncio.wait_for(websocket.recv(), timeout=5))


@pytest.fixture
def two_servers(start_server):
    """Return a function that starts two servers with the same environment."""
    return lambda env: (start_server(env=env), start_server(env=env))


async def test_on_redis_a_message_sent_to_one_process_reaches_a_client_of_the_other(
    two_servers, redis_url
):
    first, second = two_servers({"REDIS_URL": redis_url})
    listener = await join(second)
    speaker = await join(first)

    try:
        joined = await next_event(listener)
        await speaker.send(json.dumps({"type": "message", "text": "across processes"}))
        heard = await next_event(listener)
    finally:
        await speaker.close()
        await listener.close()

    assert joined == {"type": "join", "room": "across", "user": "anonymous"}
    assert heard["text"] == "across processes"


async def test_in_memory_each_process_keeps_its_rooms_to_itself(two_servers):
    first, second = two_servers({"REDIS_URL": ""})
    listener = await join(second)
    speaker = await join(first)

    try:
        await speaker.send(json.dumps({"type": "message", "text": "lost between processes"}))
        # The speaker hears its own message: the broadcast on its process is done.
        echoed = await next_event(speaker)
        neighbour = await join(second)
        # Had the first process's join and message crossed over, they would come
        # first; the listener's next event is the neighbour on its own process.
        heard = await next_event(listener)
        await neighbour.close()
    finally:
        await speaker.close()
        await listener.close()

    assert echoed["text"] == "lost between processes"
    assert heard == {"type": "join", "room": "across", "user": "anonymous"}


async def test_room_on_the_real_server_broadcasts_and_survives_bad_input(server):
    first = await join(server)
    second = await join(server)

    try:
        await next_event(first)  # the second member's join
        await second.send("{broken")
        error = await next_event(second)
        await second.send(json.dumps({"type": "message", "text": "still works"}))
        heard = [await next_event(first), await next_event(second)]
    finally:
        await first.close()
        await second.close()

    assert error["code"] == "invalid_json"
    assert [event["text"] for event in heard] == ["still works", "still works"]


async def test_on_redis_a_lone_surrogate_gets_an_error_and_the_sender_stays(
    start_server, redis_url
):
    server = start_server(env={"REDIS_URL": redis_url})
    speaker = await join(server)

    try:
        # Valid JSON, ASCII on the wire: the escape names half a surrogate pair.
        await speaker.send('{"type": "message", "text": "\\ud800"}')
        error = await next_event(speaker)
        await speaker.send(json.dumps({"type": "message", "text": "still here"}))
        heard = await next_event(speaker)
    finally:
        await speaker.close()

    assert error["code"] == "invalid_text"
    assert heard["text"] == "still here"
    assert "Traceback" not in server.output()


def test_server_output_has_no_traceback(server):
    assert "Traceback" not in server.output()
