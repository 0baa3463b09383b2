"""Redis down: a room says so and closes with 4013, the echo carries on, and rooms come back."""

import asyncio
import contextlib
import time

import pytest
from websockets.exceptions import ConnectionClosed, InvalidMessage, WebSocketException

from tests.clients import (
    EVENT_TIMEOUT,
    Member,
    assert_server_lives,
    echo_round_trip,
    open_socket,
    room_path,
)

# Try again later: the close code a room sends when its channel layer fails.
TRY_AGAIN_LATER = 4013
# How long a room may take to work again once Redis is back, tried every RETRY s.
RECOVERY = 10
RETRY = 0.25


async def rejoin(server, room):
    """Join `room` again and again until it works; return the member and the seconds it took."""
    started = time.monotonic()
    while True:
        try:
            return await Member.join(server, room), time.monotonic() - started
        # Refused, closed or unanswered: Redis may not be back for this process yet.
        except (AssertionError, WebSocketException, OSError, asyncio.TimeoutError):
            if time.monotonic() - started > RECOVERY:
                raise
            await asyncio.sleep(RETRY)


def assert_room_unavailable(member):
    """Fail unless the member's last event is a room_unavailable error."""
    errors = member.of_type("error")
    assert errors, f"no error before the close: {member.events}"
    assert errors[-1]["code"] == "room_unavailable"
    assert member.events[-1] == errors[-1]


async def test_redis_down_at_connect_accepts_then_says_room_unavailable_and_closes_4013(
    flaky_server, flaky_redis, record
):
    """Accept a room's handshake with Redis down, then send room_unavailable and close 4013."""
    flaky_redis.stop()
    started = time.monotonic()

    # Accepted: the handshake completes, so the page can read why it closes.
    member = Member(await open_socket(flaky_server, room_path("down-at-connect")))
    closed_with = await member.wait_closed()
    record(
        "Redis down at connect",
        "time to close 4013",
        time.monotonic() - started,
        "s",
    )
    echoed = await echo_round_trip(flaky_server)
    flaky_redis.start()
    back, took = await rejoin(flaky_server, "down-at-connect")
    record("Redis down at connect", "time until a room works again", took, "s")
    await back.leave()

    assert closed_with == TRY_AGAIN_LATER
    # No welcome: the room was never joined, only told why not.
    assert member.of_type("welcome") == []
    assert_room_unavailable(member)
    assert echoed == "still echoing"
    assert back.events[0]["type"] == "welcome"
    assert flaky_server.crashes() == []
    await assert_server_lives(flaky_server)


async def test_redis_killed_mid_session_says_room_unavailable_and_closes_4013(
    flaky_server, flaky_redis, record
):
    """Tell a room's members that Redis went away, close them with 4013, and keep the echo."""
    member = await Member.join(flaky_server, "killed-mid-session")
    echo = await open_socket(flaky_server, "/ws/echo/")

    flaky_redis.stop()
    started = time.monotonic()
    # A message needs the layer: if the loss has not been noticed yet, it is
    # now. A socket closed already is what should happen anyway.
    with contextlib.suppress(ConnectionClosed):
        await member.say("is anyone there?")
    closed_with = await member.wait_closed()
    record(
        "Redis killed mid-session",
        "time to close 4013",
        time.monotonic() - started,
        "s",
    )
    # The echo socket opened before Redis went down still echoes.
    await echo.send("through the outage")
    echoed = await asyncio.wait_for(echo.recv(), EVENT_TIMEOUT)
    await echo.close()
    flaky_redis.start()
    back, took = await rejoin(flaky_server, "killed-mid-session")
    record("Redis killed mid-session", "time until a room works again", took, "s")
    await back.say("back again")
    await back.wait_until(lambda _: back.texts(), "its own message")
    await back.leave()

    assert closed_with == TRY_AGAIN_LATER
    assert_room_unavailable(member)
    # The message sent into the outage was never delivered, and never claimed to be.
    assert member.texts() == []
    assert echoed == "through the outage"
    assert back.texts() == ["back again"]
    assert flaky_server.crashes() == []
    await assert_server_lives(flaky_server)


async def test_redis_that_never_answers_gets_room_unavailable_and_4013_too(silent_server, record):
    """Give up on a Redis that takes connections and never answers, and say so with 4013."""
    started = time.monotonic()

    try:
        member = Member(await open_socket(silent_server, room_path("hung-redis")))
    except InvalidMessage:
        # Daphne gives up on a handshake the app has not answered in time.
        pytest.fail(
            f"daphne dropped the handshake after {time.monotonic() - started:.1f}s, "
            "before the room said room_unavailable"
        )
    closed_with = await member.wait_closed()
    record(
        "Redis that never answers",
        "time to close 4013",
        time.monotonic() - started,
        "s",
    )
    echoed = await echo_round_trip(silent_server)

    assert closed_with == TRY_AGAIN_LATER
    assert member.of_type("welcome") == []
    assert_room_unavailable(member)
    assert echoed == "still echoing"
    assert silent_server.crashes() == []
