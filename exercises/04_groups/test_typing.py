"""Pass {"type": "typing"} on to the others in the room, never back to the sender."""

import pytest

pytestmark = pytest.mark.exercise


async def next_event(member, timeout=1):
    """Return the next JSON object a member's client gets, or None if none comes in time."""
    # Waits with receive_nothing(): a receive that times out cancels the
    # consumer, and the communicator can then no longer disconnect cleanly.
    if await member.receive_nothing(timeout):
        return None
    return await member.receive_json_from()


async def pair(join, room, headers=()):
    """Return a typist and a listener in `room`, the listener's join notice read."""
    listener = await join(room)
    typist = await join(room, headers=headers)
    assert (await listener.receive_json_from())["type"] == "join"
    return typist, listener


async def test_others_hear_who_is_typing(join, login_cookie):
    typist, listener = await pair(join, "typing", headers=[login_cookie])

    await typist.send_json_to({"type": "typing"})

    assert await next_event(listener) == {"type": "typing", "room": "typing", "user": "ada"}


async def test_typist_hears_nothing_back(join):
    typist, listener = await pair(join, "quiet-typist")

    await typist.send_json_to({"type": "typing"})

    assert (await next_event(listener) or {}).get("type") == "typing"
    assert await typist.receive_nothing()


async def test_another_room_hears_no_typing(join):
    typist, _ = await pair(join, "here")
    elsewhere = await join("there")

    await typist.send_json_to({"type": "typing"})

    assert await elsewhere.receive_nothing()


async def test_messages_still_reach_everyone_after_typing(join):
    typist, listener = await pair(join, "then-talk")

    await typist.send_json_to({"type": "typing"})
    await typist.send_json_to({"type": "message", "text": "done typing"})

    assert [(await next_event(listener) or {}).get("type") for _ in range(2)] == [
        "typing",
        "message",
    ]
    assert (await next_event(typist) or {}).get("text") == "done typing"
