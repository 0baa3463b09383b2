"""Bad frames and bad handshakes: each one refused, and the connection and the server live on."""

import json

import pytest
from websockets.exceptions import InvalidStatus

from tests.clients import Member, assert_server_lives, open_socket, room_path

# The room's limit on a frame, text or binary, checked before any parsing.
FRAME_LIMIT = 64 * 1024
# Daphne's own limit on a message: past it, daphne drops the connection and
# the app never sees the frame.
DAPHNE_LIMIT = 1024 * 1024


def message_frame(length):
    """Return a message frame of exactly `length` characters."""
    frame = json.dumps({"type": "message", "text": ""})
    return frame.replace('""', '"' + "a" * (length - len(frame)) + '"')


BAD_FRAMES = [
    pytest.param(b'{"type": "message", "text": "hi"}', "invalid_message", id="binary"),
    pytest.param("{broken", "invalid_json", id="not-json"),
    pytest.param("", "invalid_json", id="empty"),
    # Valid JSON that Python's parser cannot nest this deep.
    pytest.param("[" * 50_000, "invalid_json", id="deeply-nested"),
    pytest.param("[1, 2]", "invalid_message", id="not-an-object"),
    pytest.param('{"type": 5}', "invalid_message", id="type-not-a-string"),
    pytest.param('{"text": "hi"}', "invalid_message", id="no-type"),
    # Types of the server's own events: a client must never choose a handler.
    pytest.param(
        '{"type": "chat.join", "user": "mallory", "channel": "x"}', "unknown_type", id="chat.join"
    ),
    pytest.param(
        '{"type": "announcement", "id": 999999, "text": "fake"}', "unknown_type", id="announcement"
    ),
    pytest.param('{"type": "websocket.close"}', "unknown_type", id="websocket.close"),
    pytest.param(json.dumps({"type": "message", "text": "a" * 1001}), "too_long", id="too-long"),
    # ASCII on the wire; the escape names half a surrogate pair, no character.
    pytest.param('{"type": "message", "text": "\\ud800"}', "invalid_text", id="lone-surrogate"),
    # A frame this size is answered without being parsed.
    pytest.param(message_frame(FRAME_LIMIT + 1), "frame_too_large", id="text-over-64k"),
    pytest.param(b"\0" * (FRAME_LIMIT + 1), "frame_too_large", id="binary-over-64k"),
]


@pytest.mark.parametrize(("frame", "code"), BAD_FRAMES)
async def test_bad_frame_gets_an_error_to_the_sender_alone_and_the_socket_stays_open(
    room_server, frame, code
):
    """Answer a bad frame with its error code to the sender only, and keep serving it."""
    witness = await Member.join(room_server, "bad-input")
    sender = await Member.join(room_server, "bad-input")

    await sender.websocket.send(frame)
    await sender.wait_until(lambda _: sender.of_type("error"), f"a {code} error")
    # Still open: its next message reaches the room, itself included.
    await sender.say("after the bad frame")
    await sender.wait_until(lambda _: sender.texts(), "its own message back")
    await witness.wait_until(lambda _: witness.texts(), "the sender's next message")
    await sender.leave()
    await witness.leave()

    [error] = sender.of_type("error")
    assert (error["code"], type(error["message"])) == (code, str)
    # The witness heard the good message and nothing the bad frame might have made.
    assert [e for e in witness.events if e["type"] not in ("join", "leave")] == [
        witness.events[0],
        {
            "type": "message",
            "room": "bad-input",
            "user": "anonymous",
            "text": "after the bad frame",
        },
    ]
    assert room_server.crashes() == []
    await assert_server_lives(room_server)


async def test_frame_of_exactly_64_kib_is_parsed(memory_server):
    """Parse a text frame at the frame limit: only a larger one is refused unread."""
    sender = await Member.join(memory_server, "at-the-limit")

    await sender.websocket.send(message_frame(FRAME_LIMIT))
    await sender.wait_until(lambda _: sender.of_type("error"), "an error")
    await sender.leave()

    # Parsed: the text inside is what is too long.
    assert sender.of_type("error")[0]["code"] == "too_long"


@pytest.mark.parametrize(
    ("frame", "label"),
    [
        pytest.param("a" * (DAPHNE_LIMIT + 1), "frame over 1 MiB", id="over-1-MiB"),
        # Bytes sent as a text frame: not UTF-8, so not text at all.
        pytest.param(
            b'{"type": "message", "text": "\xc3\x28"}', "invalid UTF-8", id="invalid-utf-8"
        ),
    ],
)
async def test_frame_daphne_refuses_drops_that_socket_only(memory_server, frame, label, record):
    """Drop a socket whose frame daphne itself refuses, and serve everyone else on."""
    member = await Member.join(memory_server, "daphne-refuses")

    # text=True sends bytes as a text frame, unchecked.
    await member.websocket.send(frame, text=True)
    closed_with = await member.wait_closed()
    record("Bad input", f"close code seen, {label}", f"{int(closed_with)}")

    # 1006, no close frame: daphne's WebSocket library fails a connection by
    # dropping it (its failByDrop option), so 1009 and 1007 never reach the client.
    assert closed_with == 1006
    assert member.of_type("error") == []
    assert memory_server.crashes() == []
    await assert_server_lives(memory_server)


@pytest.mark.parametrize(
    ("path", "origin"),
    [
        pytest.param("/ws/nope/", None, id="unknown-path"),
        pytest.param("/ws/rooms/a%20b/", None, id="room-name-with-a-space"),
        pytest.param(room_path("a" * 200), None, id="room-name-of-200-characters"),
        pytest.param("/ws/rooms/", None, id="no-room-name"),
        pytest.param(room_path("lobby"), "http://evil.example", id="foreign-origin"),
        pytest.param("/ws/echo/", "http://evil.example", id="foreign-origin-echo"),
    ],
)
async def test_bad_handshake_is_refused_with_403(memory_server, path, origin):
    """Refuse a handshake the app has no room for, or from another site, with HTTP 403."""
    with pytest.raises(InvalidStatus) as refused:
        await open_socket(memory_server, path, origin=origin)

    assert refused.value.response.status_code == 403
    assert memory_server.crashes() == []
    await assert_server_lives(memory_server)
