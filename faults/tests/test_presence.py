"""Comings and goings: sent in lists, and a leave for every member however its socket ends."""

import asyncio
import time

import pytest
from websockets.frames import Close, Frame, Opcode

from tests.clients import Member, assert_server_lives, join_many, wait_all
from tests.servers import CLOSE_TIMEOUT

# Longer than the room gathers comings and goings before it sends them.
QUIET = 0.6
CROWD = 300
SENDERS = 10
# Each sender's share of a round: two rounds stay within the rate limit's burst.
ROUND = 10
# Near the room's limit, so that the bytes a slow reader leaves unread add up.
LONG_TEXT = "x" * 900


def assert_presence_events(member, kind, room):
    """Fail unless every `kind` event the member got is one list of user names."""
    for event in member.of_type(kind):
        assert set(event) == {"type", "room", "users"}, event
        assert event["room"] == room
        assert event["users"], event
        assert all(isinstance(user, str) for user in event["users"]), event


async def test_joins_come_in_lists_and_never_to_the_newcomer(room_server, record):
    """Send joins as lists of names to those already there, never to the newcomer itself."""
    room = "presence-joins"
    observer = await Member.join(room_server, room)

    newcomer = await Member.join(room_server, room)
    await observer.wait_until(lambda _: len(observer.users("join")) == 1, "one join")
    # Longer than the room waits to gather: a join of its own would have come.
    await asyncio.sleep(QUIET)
    told_of_itself = newcomer.of_type("join")
    arrivals, errors = await join_many(room_server, room, SENDERS)
    await observer.wait_until(lambda _: len(observer.users("join")) == 1 + SENDERS, "all joins")
    await newcomer.wait_until(lambda _: len(newcomer.users("join")) == SENDERS, "the arrivals")
    # Quiet again: whatever else was coming has come.
    await asyncio.sleep(QUIET)
    record(
        f"Presence ({room_server.layer})",
        f"join events for {SENDERS} arrivals",
        len(observer.of_type("join")) - 1,
    )
    for member in [observer, newcomer, *arrivals]:
        await member.leave()

    assert errors == []
    assert told_of_itself == []
    assert_presence_events(observer, "join", room)
    assert len(observer.users("join")) == 1 + SENDERS
    # The newcomer heard the later arrivals only; none of them hears itself.
    assert len(newcomer.users("join")) == SENDERS
    assert all(len(member.users("join")) < SENDERS for member in arrivals)
    assert room_server.crashes() == []
    await assert_server_lives(room_server)


async def send_round(senders):
    """Have every sender send ROUND long messages at once."""
    await asyncio.gather(*(sender.say(LONG_TEXT) for sender in senders for _ in range(ROUND)))


async def end_after_falling_behind(member, others):
    """Stop reading while the room sends, close without reading the reply, and vanish."""
    # Read nothing more: the server's writes to this socket pile up unread.
    member.websocket.transport.pause_reading()
    await send_round(others)
    # A close frame, written past the client library: the server answers it
    # into a socket nobody reads, while the room goes on sending.
    close = Frame(Opcode.CLOSE, Close(1000, "").serialize())
    member.websocket.transport.write(close.serialize(mask=True))
    await send_round(others)
    await asyncio.sleep(1)
    member.drop()


@pytest.mark.parametrize("ending", ["clean close", "dropped connection", "fell behind"])
async def test_every_way_a_socket_ends_is_announced_as_a_leave(room_server, ending, record):
    """Announce a leave for a member whose socket ended, whichever way it ended."""
    room = f"ending-{ending.replace(' ', '-')}"
    observer = await Member.join(room_server, room)
    others = [await Member.join(room_server, room) for _ in range(SENDERS)]
    leaver = await Member.join(room_server, room)
    await observer.wait_until(lambda _: len(observer.users("join")) == SENDERS + 1, "the joins")

    if ending == "fell behind":
        await end_after_falling_behind(leaver, others)
    # Timed from the socket's end: the moment the others should start to hear of it.
    started = time.monotonic()
    if ending == "clean close":
        await leaver.leave()
    elif ending == "dropped connection":
        leaver.drop()
    await observer.wait_until(lambda _: observer.users("leave"), "a leave")
    record(
        f"Presence ({room_server.layer})",
        f"time to the leave, {ending}",
        time.monotonic() - started,
        "s",
    )
    for member in [observer, *others]:
        await member.leave()

    assert observer.users("leave") == ["anonymous"]
    assert_presence_events(observer, "leave", room)
    # The others were never held up by the one that stopped reading.
    assert len(observer.texts()) == len(others) * ROUND * (2 if ending == "fell behind" else 0)
    assert room_server.crashes() == []
    await assert_server_lives(room_server)


async def test_slow_reader_does_not_stall_the_others(room_server, record):
    """Deliver every message to the readers while one member has stopped reading."""
    room = "slow-reader"
    slow = await Member.join(room_server, room)
    senders = [await Member.join(room_server, room) for _ in range(SENDERS)]
    slow.websocket.transport.pause_reading()
    expected = SENDERS * 2 * ROUND
    started = time.monotonic()

    await send_round(senders)
    await send_round(senders)
    await wait_all(senders, lambda sender: len(sender.texts()) == expected, "every message")
    record(
        f"Slow reader ({room_server.layer})",
        f"time for {expected} messages to {SENDERS} readers",
        time.monotonic() - started,
        "s",
    )
    slow.drop()
    for sender in senders:
        await sender.leave()

    assert all(len(sender.texts()) == expected for sender in senders)
    assert room_server.crashes() == []
    await assert_server_lives(room_server)


async def test_hundreds_leaving_at_once_are_all_announced(room_server, record):
    """Announce every one of hundreds leaving at once, half of them by dropping the connection."""
    room = "exodus"
    observer = await Member.join(room_server, room)
    started = time.monotonic()
    crowd, errors = await join_many(room_server, room, CROWD)
    await observer.wait_until(lambda _: len(observer.users("join")) == CROWD, "every join")
    scenario = f"{CROWD} join and leave ({room_server.layer})"
    record(scenario, "time to open and hear all joins", time.monotonic() - started, "s")
    record(scenario, "join events heard", len(observer.of_type("join")))

    started = time.monotonic()
    dropped, closing = crowd[: CROWD // 2], crowd[CROWD // 2 :]
    for member in dropped:
        member.drop()
    await asyncio.gather(*(member.leave() for member in closing))
    await observer.wait_until(lambda _: len(observer.users("leave")) == CROWD, "every leave")
    record(scenario, "time to hear all leaves", time.monotonic() - started, "s")
    record(scenario, "leave events heard", len(observer.of_type("leave")))
    await observer.leave()

    assert errors == []
    assert_presence_events(observer, "join", room)
    assert_presence_events(observer, "leave", room)
    assert room_server.crashes() == []
    await assert_server_lives(room_server)


# Redis only: its receive() is where a cancel went missing (see the course's
# config/channel_layers.py); and the wait below is daphne's whole close timeout.
async def test_no_consumer_outlives_its_socket(redis_server, record):
    """End every member's consumer once its socket closes: none is left for daphne to kill."""
    room = "outliving"
    crowd, errors = await join_many(redis_server, room, CROWD)
    one_by_one, all_at_once = crowd[: len(crowd) // 2], crowd[len(crowd) // 2 :]

    for member in one_by_one:
        await member.leave()
    await asyncio.gather(*(member.leave() for member in all_at_once))
    # Daphne looks each second for consumers still running CLOSE_TIMEOUT
    # seconds after their socket closed, kills them, and logs it.
    await asyncio.sleep(CLOSE_TIMEOUT + 2)
    killed = [line for line in redis_server.crashes() if "took too long" in line]
    scenario = f"Ending ({redis_server.layer})"
    record(scenario, f"consumers killed after {len(crowd)} left", len(killed))

    assert errors == []
    assert killed == []
    assert redis_server.crashes() == []
    await assert_server_lives(redis_server)
