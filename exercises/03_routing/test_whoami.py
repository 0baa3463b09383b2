"""Add a route, /ws/whoami/, whose consumer sends who the session's user is, then closes."""

import pytest

pytestmark = pytest.mark.exercise

PATH = "/ws/whoami/"


async def next_output(communicator, timeout=1):
    """Return the next message the application sends, or None if none comes in time."""
    # Waits with receive_nothing(): a receive that times out cancels the
    # consumer, and the communicator can then no longer disconnect cleanly.
    if await communicator.receive_nothing(timeout):
        return None
    return await communicator.receive_output()


async def test_whoami_path_is_accepted(communicators):
    connected, _ = await communicators(PATH).connect()

    assert connected, "the handshake was refused"


async def test_anonymous_user_is_told_anonymous(communicators):
    communicator = communicators(PATH)
    connected, _ = await communicator.connect()
    assert connected, "the handshake was refused"

    assert await communicator.receive_json_from() == {"type": "whoami", "user": "anonymous"}


async def test_logged_in_user_is_told_their_username(communicators, login_cookie):
    communicator = communicators(PATH, headers=[login_cookie])
    connected, _ = await communicator.connect()
    assert connected, "the handshake was refused"

    assert await communicator.receive_json_from() == {"type": "whoami", "user": "ada"}


async def test_connection_closes_after_the_answer(communicators):
    communicator = communicators(PATH)
    connected, _ = await communicator.connect()
    assert connected, "the handshake was refused"
    await communicator.receive_json_from()

    closed = await next_output(communicator)

    assert closed is not None, "nothing came after the answer: the connection is open"
    assert closed["type"] == "websocket.close"


async def test_whoami_is_behind_the_origin_check_too(communicators):
    connected, _ = await communicators(PATH, origin="http://evil.example").connect()

    assert not connected
