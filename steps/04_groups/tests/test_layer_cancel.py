"""A receive on the Redis layer ends when it is cancelled, wherever the cancel lands."""

import asyncio

import pytest


# Redis only: the in-memory layer's receive sends no command to be caught in.
@pytest.mark.parametrize("channel_layer", ["redis"], indirect=True)
async def test_a_cancelled_receive_ends_wherever_the_cancel_lands(channel_layer):
    channel = await channel_layer.new_channel()
    still_running = []

    # Each round lets the receive run one more step before the cancel, so that
    # some cancel lands while it sends a command to Redis.
    for steps in range(40):
        receiving = asyncio.ensure_future(channel_layer.receive(channel))
        for _ in range(steps):
            await asyncio.sleep(0)
        receiving.cancel()
        done, _ = await asyncio.wait([receiving], timeout=1)
        if not done:
            still_running.append(steps)
            receiving.cancel()
            await asyncio.wait([receiving])

    assert still_running == [], "receives that went on after a cancel, by steps run first"
