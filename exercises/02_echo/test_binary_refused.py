"""Refuse binary frames: say why in a text frame, then close with code 4003."""

import asyncio

import pytest
import websockets

pytestmark = pytest.mark.exercise


async def next_output(communicator, timeout=1):
    """Return the next message the application sends, or None if none comes in time."""
    # Waits with receive_nothing(): a receive that times out cancels the
    # consumer, and the communicator can then no longer disconnect cleanly.
    if await communicator.receive_nothing(timeout):
        return None
    return await communicator.receive_output()


async def test_binary_frame_gets_a_text_frame_saying_why(echo):
    await echo.send_to(bytes_data=b"\x00\xff")

    answer = await echo.receive_output()

    assert set(answer) == {"type", "text"}
    assert answer["text"].strip()


async def test_binary_frame_then_closes_the_connection_with_code_4003(echo):
    await echo.send_to(bytes_data=b"\x00\xff")
    await echo.receive_output()

    closed = await next_output(echo)

    assert closed is not None, "nothing came after the first answer: the connection is open"
    # Not 1003, the standard's "unsupported data": Daphne refuses to send it.
    assert (closed["type"], closed.get("code")) == ("websocket.close", 4003)


async def test_text_is_still_echoed_as_text(echo):
    await echo.send_to(text_data="hello")

    assert await echo.receive_from() == "hello"


@pytest.mark.e2e
async def test_real_client_reads_why_then_sees_code_4003(server):
    async with websockets.connect(
        server.ws_url + "/ws/echo/", origin=server.url, open_timeout=5
    ) as websocket:
        await websocket.send(b"\x00\xff")
        why = await asyncio.wait_for(websocket.recv(), 5)
        assert type(why) is str
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(websocket.recv(), 5)

    assert closed.value.rcvd.code == 4003
