"""A flooding client: refused past its burst, then closed, while the room carries on."""

import asyncio
import contextlib
import time

from websockets.exceptions import ConnectionClosed

from tests.clients import EVENT_TIMEOUT, Member, assert_server_lives

# The room's token bucket: this many frames at once, refilled at REFILL a second.
BURST = 20
REFILL = 10
FLOOD = 1000
# What a flooder's neighbours may hear of it: the burst, and what refills
# while its frames arrive.
MOST_HEARD = 30


async def send_all(member, texts):
    """Send each text as fast as the socket takes it; return how many went out."""
    sent = 0

    async def send():
        nonlocal sent
        for text in texts:
            await member.say(text)
            sent += 1

    # Closed by the server part way: the point of a flood. Bounded: a server
    # that stopped reading must fail the test, not hang it.
    with contextlib.suppress(ConnectionClosed):
        await asyncio.wait_for(send(), EVENT_TIMEOUT)
    return sent


async def test_flood_is_refused_past_the_burst_then_closed_4029(memory_server, record):
    """Refuse a flood's frames past the burst, close the flooder, and carry on the room."""
    witness = await Member.join(memory_server, "flood")
    flooder = await Member.join(memory_server, "flood")
    started = time.monotonic()

    sent = await send_all(flooder, [f"flood {number}" for number in range(FLOOD)])
    closed_with = await flooder.wait_closed()
    closed_after = time.monotonic() - started
    # Sent after the flooder's close: once it is back, every broadcast the
    # flood made has reached the witness before it.
    await witness.say("the room carries on")
    await witness.wait_until(lambda _: "the room carries on" in witness.texts(), "its message")
    heard = [text for text in witness.texts() if text.startswith("flood")]
    errors = flooder.of_type("error")
    record("Flood", "frames sent", sent)
    record("Flood", "broadcast to the room", len(heard))
    record("Flood", "rate_limited errors", len(errors))
    record("Flood", "time to close 4029", closed_after, "s")
    await witness.leave()

    assert closed_with == 4029
    assert BURST <= len(heard) <= MOST_HEARD
    # The whole burst, then at most what refilled meanwhile, in the order sent.
    numbers = [int(text.split()[1]) for text in heard]
    assert numbers[:BURST] == list(range(BURST))
    assert numbers == sorted(numbers)
    assert errors, "the flooder was closed without being told why"
    assert {error["code"] for error in errors} == {"rate_limited"}
    assert memory_server.crashes() == []
    await assert_server_lives(memory_server)


async def test_burst_within_the_limit_is_all_delivered(memory_server):
    """Broadcast every frame of a burst as big as the bucket, refusing none."""
    sender = await Member.join(memory_server, "burst")
    texts = [f"burst {number}" for number in range(BURST)]

    await send_all(sender, texts)
    await sender.wait_until(lambda _: len(sender.texts()) == BURST, "the whole burst back")
    await sender.leave()

    assert sender.texts() == texts
    assert sender.of_type("error") == []
    await assert_server_lives(memory_server)


async def test_sender_that_slows_down_is_served_again(memory_server):
    """Serve a refused sender again once the bucket has refilled."""
    sender = await Member.join(memory_server, "slow-down")
    await send_all(sender, [f"burst {number}" for number in range(BURST + 5)])
    await sender.wait_until(lambda _: sender.of_type("error"), "a rate_limited error")

    # Half a second refills REFILL / 2 tokens; three frames fit.
    await asyncio.sleep(0.5)
    await send_all(sender, ["again 1", "again 2", "again 3"])
    await sender.wait_until(lambda _: "again 3" in sender.texts(), "the later frames back")
    await sender.leave()

    assert sender.texts()[-3:] == ["again 1", "again 2", "again 3"]
    # Closed by this client's leave(), not by the server's limit.
    assert sender.close_code == 1000
    await assert_server_lives(memory_server)
