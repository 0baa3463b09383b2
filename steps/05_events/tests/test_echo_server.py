"""The echo consumer on the real server, reached by a real WebSocket client."""

import asyncio

import pytest
import websockets

from course_kit.fetch import fetch
from course_kit.processes import free_port

pytestmark = pytest.mark.e2e


def connect(server, path="/ws/echo/", origin=True):
    """Open a client connection; by default with the Origin a page of the server sends."""
    return websockets.connect(
        server.ws_url + path,
        origin=server.url if origin is True else origin,
        open_timeout=5,
    )


async def test_text_makes_a_round_trip(server):
    async with connect(server) as websocket:
        await websocket.send("hello over the wire")

        assert await websocket.recv() == "hello over the wire"


async def test_binary_makes_a_round_trip_as_binary(server):
    async with connect(server) as websocket:
        await websocket.send(b"\x01\x02\x03")

        assert await websocket.recv() == b"\x01\x02\x03"


async def test_empty_frame_gets_no_reply_and_the_connection_carries_on(server):
    async with connect(server) as websocket:
        await websocket.send("")
        await websocket.send("after the empty one")

        # Daphne does not send an empty frame, so the next frame is the second echo.
        assert await websocket.recv() == "after the empty one"


async def test_foreign_origin_is_refused_with_http_403(server):
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with connect(server, origin="http://evil.example"):
            pass

    assert refused.value.response.status_code == 403


async def test_missing_origin_is_refused_with_http_403(server):
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with connect(server, origin=None):
            pass

    assert refused.value.response.status_code == 403


async def test_server_keeps_serving_after_a_refused_handshake(server):
    with pytest.raises(websockets.InvalidStatus):
        async with connect(server, origin="http://evil.example"):
            pass

    async with connect(server) as websocket:
        await websocket.send("still here")
        echoed = await websocket.recv()
    status, _ = await asyncio.to_thread(fetch, server.url + "/")

    assert (echoed, status) == ("still here", 200)


def test_server_output_has_no_traceback(server):
    assert "Traceback" not in server.output()


async def test_echo_carries_on_while_the_servers_redis_is_down(start_server):
    server = start_server(env={"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})

    async with connect(server) as websocket:
        await websocket.send("first")
        first = await websocket.recv()
        # Nothing is due; a consumer listening on the dead layer would be closed
        # with 1011 within this time, and recv() would raise ConnectionClosedError.
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(websocket.recv(), timeout=2)
        await websocket.send("second")
        second = await websocket.recv()

    assert (first, second) == ("first", "second")
    assert "Traceback" not in server.output()
