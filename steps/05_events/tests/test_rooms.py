"""The room consumer welcomes its client, answers it, and survives bad input."""

import pytest

ROOM = "/ws/rooms/lobby/"

BAD_FRAMES = {
    "invalid_json": {"text_data": "{not json"},
    "invalid_message": {"text_data": '{"type": "message"}'},
    "unknown_type": {"text_data": '{"type": "shout", "text": "hi"}'},
    "too_long": {"text_data": '{"type": "message", "text": "' + "x" * 1001 + '"}'},
}


@pytest.fixture
async def room(communicators):
    """Return a communicator in the lobby, its welcome already read."""
    communicator = communicators(ROOM)
    connected, _ = await communicator.connect()
    assert connected, "the room consumer refused the handshake"
    await communicator.receive_json_from()
    return communicator


async def test_anonymous_user_is_welcomed_as_anonymous(communicators):
    communicator = communicators(ROOM)
    await communicator.connect()

    welcome = await communicator.receive_json_from()

    assert welcome == {"type": "welcome", "room": "lobby", "user": "anonymous"}


async def test_logged_in_user_is_welcomed_by_name(communicators, login_cookie):
    communicator = communicators(ROOM, headers=[login_cookie])
    await communicator.connect()

    welcome = await communicator.receive_json_from()

    assert welcome == {"type": "welcome", "room": "lobby", "user": "ada"}


async def test_message_is_answered_with_room_user_and_text(room):
    await room.send_json_to({"type": "message", "text": "hello"})

    answer = await room.receive_json_from()

    assert answer == {"type": "message", "room": "lobby", "user": "anonymous", "text": "hello"}


async def test_logged_in_user_message_carries_the_username(communicators, login_cookie):
    communicator = communicators(ROOM, headers=[login_cookie])
    await communicator.connect()
    await communicator.receive_json_from()

    await communicator.send_json_to({"type": "message", "text": "hi, I am Ada"})

    assert (await communicator.receive_json_from())["user"] == "ada"


@pytest.mark.parametrize(("code", "frame"), BAD_FRAMES.items(), ids=BAD_FRAMES.keys())
async def test_bad_frame_gets_its_error_and_the_next_message_still_works(room, code, frame):
    await room.send_to(**frame)
    error = await room.receive_json_from()
    await room.send_json_to({"type": "message", "text": "still here"})
    answer = await room.receive_json_from()

    assert error["type"] == "error"
    assert error["code"] == code
    assert error["message"]
    assert answer["text"] == "still here"


async def test_empty_frame_gets_invalid_json_and_the_connection_stays_open(room):
    # send_to() refuses an empty frame, so send the event daphne would deliver.
    await room.send_input({"type": "websocket.receive", "text": ""})
    error = await room.receive_json_from()
    await room.send_json_to({"type": "message", "text": "still here"})

    assert error["code"] == "invalid_json"
    assert (await room.receive_json_from())["text"] == "still here"


async def test_binary_frame_gets_invalid_message_and_the_connection_stays_open(room):
    await room.send_to(bytes_data=b"\x00\x01")
    error = await room.receive_json_from()
    await room.send_json_to({"type": "message", "text": "still here"})

    assert error["code"] == "invalid_message"
    assert (await room.receive_json_from())["text"] == "still here"


async def test_room_sends_nothing_unasked(room):
    assert await room.receive_nothing()
