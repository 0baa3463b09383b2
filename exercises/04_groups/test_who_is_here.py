"""Tell a newcomer who is already in the room: each member sends it one {"type": "here"}."""

import pytest

pytestmark = pytest.mark.exercise


async def next_event(member, timeout=1):
    """Return the next JSON object a member's client gets, or None if none comes in time."""
    # Waits with receive_nothing(): a receive that times out cancels the
    # consumer, and the communicator can then no longer disconnect cleanly.
    if await member.receive_nothing(timeout):
        return None
    return await member.receive_json_from()


async def test_newcomer_hears_who_is_already_here(join, login_cookie):
    await join("presence", headers=[login_cookie])

    newcomer = await join("presence")

    assert await next_event(newcomer) == {"type": "here", "room": "presence", "user": "ada"}


async def test_newcomer_hears_one_here_per_member_and_nothing_more(join):
    first = await join("crowd")
    await join("crowd")
    assert (await first.receive_json_from())["type"] == "join"

    newcomer = await join("crowd")
    heard = [await next_event(newcomer) for _ in range(2)]

    assert heard == [{"type": "here", "room": "crowd", "user": "anonymous"}] * 2
    assert await newcomer.receive_nothing()


async def test_members_already_here_hear_the_join_but_no_here(join):
    first = await join("arrivals")

    await join("arrivals")

    assert (await first.receive_json_from())["type"] == "join"
    assert await first.receive_nothing()


async def test_first_member_of_a_room_hears_no_here(join):
    alone = await join("empty")

    assert await alone.receive_nothing()
