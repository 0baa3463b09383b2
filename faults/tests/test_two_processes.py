"""Two daphne processes on one Redis: every member hears every message, from either process."""

import asyncio
import time

from tests.clients import Member, assert_server_lives, join_many, wait_all

PER_SERVER = 10
MESSAGES_EACH = 10


async def test_burst_across_two_processes_loses_no_delivery(
    redis_server, second_redis_server, record
):
    """Deliver every message of a burst to every member, on both processes."""
    room = "two-processes"
    members = []
    for server in (redis_server, second_redis_server):
        joined, errors = await join_many(server, room, PER_SERVER)
        assert errors == []
        members += joined
    expected = len(members) * MESSAGES_EACH
    sent = [f"{number}:{each}" for number in range(len(members)) for each in range(MESSAGES_EACH)]
    started = time.monotonic()

    # All at once, from both processes: each one's inbox on Redis takes the
    # whole burst for its members.
    await asyncio.gather(
        *(
            member.say(f"{number}:{each}")
            for number, member in enumerate(members)
            for each in range(MESSAGES_EACH)
        )
    )
    await wait_all(members, lambda member: len(member.texts()) >= expected, "every message")
    received = sum(len(member.texts()) for member in members)
    record("Burst across 2 processes", "messages sent", len(sent))
    record("Burst across 2 processes", "deliveries expected", expected * len(members))
    record("Burst across 2 processes", "deliveries received", received)
    record("Burst across 2 processes", "time to deliver all", time.monotonic() - started, "s")
    for member in members:
        await member.leave()

    # Every member got each message once, its own included.
    assert all(sorted(member.texts()) == sorted(sent) for member in members)
    assert received == expected * len(members)
    assert redis_server.crashes() == second_redis_server.crashes() == []
    await assert_server_lives(redis_server)
    await assert_server_lives(second_redis_server)


async def test_members_on_two_processes_hear_each_others_comings_and_goings(
    redis_server, second_redis_server
):
    """Tell a member on one process of joins and leaves on the other."""
    room = "two-processes-presence"
    observer = await Member.join(redis_server, room)

    visitor = await Member.join(second_redis_server, room)
    await observer.wait_until(lambda _: observer.users("join"), "the visitor's join")
    await visitor.say("hello from the other process")
    await observer.wait_until(lambda _: observer.texts(), "the visitor's message")
    await visitor.leave()
    await observer.wait_until(lambda _: observer.users("leave"), "the visitor's leave")
    await observer.leave()

    assert observer.users("join") == observer.users("leave") == ["anonymous"]
    assert observer.texts() == ["hello from the other process"]
    assert redis_server.crashes() == second_redis_server.crashes() == []
