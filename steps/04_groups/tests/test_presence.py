"""Comings and goings reach every member in batches, and every member leaves, however it ends."""

import asyncio

import pytest

from rooms import presence

# Long enough to gather ten handshakes made at once, short enough that the
# tests do not wait a quarter of a second for every batch.
BATCHING_INTERVAL = 0.05


@pytest.fixture(autouse=True)
def presence_interval(monkeypatch):
    """Gather for a twentieth of a second: these tests are about the batching itself."""
    monkeypatch.setattr(presence, "PRESENCE_INTERVAL", BATCHING_INTERVAL)
    return BATCHING_INTERVAL


async def users_in(member, kind, count):
    """Read `kind` events until they have named `count` users; return the events."""
    events, named = [], 0
    while named < count:
        event = await member.receive_json_from(timeout=BATCHING_INTERVAL * 4 + 1)
        assert event["type"] == kind, event
        events.append(event)
        named += len(event["users"])
    return events


async def test_a_crowd_joining_at_once_reaches_a_member_in_a_few_events(join):
    listener = await join("crowd")

    await asyncio.gather(*(join("crowd") for _ in range(10)))

    events = await users_in(listener, "join", 10)
    assert sum(len(event["users"]) for event in events) == 10
    # One event at once, then the rest gathered: not one event per newcomer.
    assert len(events) <= 3
    assert await listener.receive_nothing(timeout=BATCHING_INTERVAL * 2)


async def test_a_crowd_leaving_at_once_is_announced_in_full(join):
    stayer = await join("exodus")
    leavers = await asyncio.gather(*(join("exodus") for _ in range(10)))
    await users_in(stayer, "join", 10)

    await asyncio.gather(*(leaver.disconnect() for leaver in leavers))

    events = await users_in(stayer, "leave", 10)
    assert sum(len(event["users"]) for event in events) == 10


async def test_a_join_then_a_leave_in_one_batch_arrive_in_that_order(join):
    listener = await join("order")
    await join("order")  # sent at once, and opens a window for what follows
    await users_in(listener, "join", 1)

    passer_by = await join("order")
    await passer_by.disconnect()

    joined = await users_in(listener, "join", 1)
    left = await users_in(listener, "leave", 1)
    assert joined[0]["users"] == left[0]["users"] == ["anonymous"]


async def test_member_whose_socket_breaks_under_a_send_still_leaves(join, channel_layer):
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    stayer = await join("breaking")
    broken = asyncio.Event()

    async def breaking_application(scope, receive, send):
        async def send_until_broken(message):
            if broken.is_set() and message["type"] == "websocket.send":
                # As daphne does when a socket closed with events still queued for it.
                raise RuntimeError("Attempt to send on a closed protocol")
            await send(message)

        await application(scope, receive, send_until_broken)

    origin = [(b"origin", b"http://127.0.0.1:8000")]
    breaker = WebsocketCommunicator(breaking_application, "/ws/rooms/breaking/", origin)
    connected, _ = await breaker.connect()
    assert connected
    assert (await breaker.receive_json_from())["type"] == "welcome"
    await users_in(stayer, "join", 1)

    broken.set()
    await stayer.send_json_to({"type": "message", "text": "are you there?"})

    assert (await stayer.receive_json_from())["text"] == "are you there?"
    assert (await users_in(stayer, "leave", 1))[0]["users"] == ["anonymous"]
    await breaker.wait(timeout=1)
