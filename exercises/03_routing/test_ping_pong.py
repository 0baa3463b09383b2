"""Answer {"type": "ping"} with {"type": "pong"}, to the sender alone, and stay connected."""

import pytest

pytestmark = pytest.mark.exercise


@pytest.fixture
async def room(communicators):
    """Return a communicator in the lobby, its welcome already read."""
    communicator = communicators("/ws/rooms/lobby/")
    connected, _ = await communicator.connect()
    assert connected, "the room consumer refused the handshake"
    await communicator.receive_json_from()
    return communicator


async def test_ping_is_answered_with_pong(room):
    await room.send_json_to({"type": "ping"})

    assert await room.receive_json_from() == {"type": "pong"}


async def test_each_ping_gets_one_pong_and_nothing_more(room):
    await room.send_json_to({"type": "ping"})
    await room.send_json_to({"type": "ping"})

    answers = [await room.receive_json_from() for _ in range(2)]

    assert answers == [{"type": "pong"}, {"type": "pong"}]
    assert await room.receive_nothing()


async def test_messages_still_work_after_a_ping(room):
    await room.send_json_to({"type": "ping"})
    await room.receive_json_from()
    await room.send_json_to({"type": "message", "text": "still here"})

    assert (await room.receive_json_from())["text"] == "still here"


async def test_pong_from_a_client_is_an_unknown_type(room):
    await room.send_json_to({"type": "pong"})

    assert (await room.receive_json_from())["code"] == "unknown_type"
