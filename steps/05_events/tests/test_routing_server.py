"""On the real server, unrouted paths get HTTP 403, one log line and no traceback."""

import asyncio
import json

import pytest
import websockets

from course_kit.fetch import fetch

pytestmark = pytest.mark.e2e

REFUSED_PATHS = {
    "unknown-path": "/ws/nowhere/",
    "space-in-name": "/ws/rooms/two%20words/",
    "non-ascii-name": "/ws/rooms/caf%C3%A9/",
    "51-characters": "/ws/rooms/" + "a" * 51 + "/",
    "extra-segment": "/ws/rooms/lobby/extra/",
    "encoded-newline": "/ws/rooms/lobby/%0A",
}


def connect(server, path):
    """Open a client connection with the Origin a page of the server sends."""
    return websockets.connect(server.ws_url + path, origin=server.url, open_timeout=5)


@pytest.mark.parametrize("path", REFUSED_PATHS.values(), ids=REFUSED_PATHS.keys())
async def test_unrouted_path_is_refused_with_http_403(server, path):
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with connect(server, path):
            pass

    assert refused.value.response.status_code == 403


async def test_refusal_is_logged_in_one_line(server):
    with pytest.raises(websockets.InvalidStatus):
        async with connect(server, "/ws/logged-refusal/"):
            pass

    lines = [line for line in server.output().splitlines() if "/ws/logged-refusal/" in line]
    refusals = [line for line in lines if "WebSocket refused" in line]
    assert refusals == [
        "WARNING config.consumers: WebSocket refused: no route matches '/ws/logged-refusal/'"
    ]


async def test_room_works_on_the_real_server_after_refusals(server):
    for path in REFUSED_PATHS.values():
        with pytest.raises(websockets.InvalidStatus):
            async with connect(server, path):
                pass

    async with connect(server, "/ws/rooms/lobby/") as websocket:
        welcome = json.loads(await websocket.recv())
        await websocket.send(json.dumps({"type": "message", "text": "hi"}))
        answer = json.loads(await websocket.recv())
    status, _ = await asyncio.to_thread(fetch, server.url + "/")

    assert welcome == {"type": "welcome", "room": "lobby", "user": "anonymous"}
    assert answer == {"type": "message", "room": "lobby", "user": "anonymous", "text": "hi"}
    assert status == 200


async def test_bad_input_on_the_real_server_gets_an_error_and_the_connection_stays(server):
    async with connect(server, "/ws/rooms/lobby/") as websocket:
        await websocket.recv()
        await websocket.send("")
        await websocket.send(b"\x00")
        await websocket.send(json.dumps({"type": "message", "text": "still here"}))
        replies = [json.loads(await websocket.recv()) for _ in range(3)]

    assert [reply.get("code") for reply in replies] == ["invalid_json", "invalid_message", None]
    assert replies[2]["text"] == "still here"


def test_server_output_has_no_traceback(server):
    assert "Traceback" not in server.output()
