"""Two real server processes share a room only through a shared channel layer."""

import asyncio
import json

import pytest
import websockets

from course_kit.processes import free_port
from rooms.consumers import TRY_AGAIN_LATER

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

    assert joined == {"type": "join", "room": "across", "users": ["anonymous"]}
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
    assert heard == {"type": "join", "room": "across", "users": ["anonymous"]}


async def test_on_redis_an_idle_member_still_hears_the_room_after_a_quiet_spell(
    start_server, redis_url
):
    server = start_server(env={"REDIS_URL": redis_url})
    listener = await join(server)

    try:
        # Longer than the layer's 5 s blocking read for the next event: an idle
        # connection must outlive it (redis-py 8's default read timeout did not).
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(listener.recv(), timeout=6)
        speaker = await join(server)
        await speaker.send(json.dumps({"type": "message", "text": "anyone there?"}))
        joined = await next_event(listener)
        heard = await next_event(listener)
        await speaker.close()
    finally:
        await listener.close()

    assert joined["type"] == "join"
    assert heard["text"] == "anyone there?"


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


async def messages_heard(websocket, count):
    """Read events until `count` messages have come, or 5 s pass without one; return them."""
    texts = []
    while len(texts) < count:
        try:
            event = await next_event(websocket)
        except TimeoutError:
            break
        if event["type"] == "message":
            texts.append(event["text"])
    return texts


async def test_on_redis_a_burst_from_every_member_of_two_processes_reaches_all(
    two_servers, redis_url
):
    servers = two_servers({"REDIS_URL": redis_url})
    members = await asyncio.gather(*(join(servers[index % 2]) for index in range(20)))
    sent = [f"{index}.{number}" for index in range(20) for number in range(10)]

    try:
        # Each member sends ten at once: within its rate limit, and 200 in
        # all, twice what each process's inbox held by default.
        await asyncio.gather(
            *(
                members[int(text.split(".")[0])].send(json.dumps({"type": "message", "text": text}))
                for text in sent
            )
        )
        heard = await asyncio.gather(*(messages_heard(member, len(sent)) for member in members))
    finally:
        await asyncio.gather(*(member.close() for member in members))

    assert [sorted(texts) for texts in heard] == [sorted(sent)] * len(members)


async def test_room_with_redis_down_says_so_and_closes_with_4013(start_server):
    server = start_server(env={"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})

    # The handshake succeeds: a refused one would reach a browser with no reason.
    websocket = await websockets.connect(server.ws_url + ROOM, origin=server.url, open_timeout=5)
    try:
        error = await next_event(websocket)
        await asyncio.wait_for(websocket.wait_closed(), timeout=5)
    finally:
        await websocket.close()

    assert error["code"] == "room_unavailable"
    assert websocket.close_code == TRY_AGAIN_LATER


def test_server_output_has_no_traceback(server):
    assert "Traceback" not in server.output()
