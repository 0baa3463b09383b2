"""Time the in-memory channel layer on its own, with and without its scan of every channel.

Each `receive()` of channels' InMemoryChannelLayer first runs `_clean_expired()`,
which looks at every channel the process has: the more members, the longer each
delivery takes. The A/B runs the same deliveries on a copy whose scan does nothing.
"""

import asyncio
import time

from channels.layers import InMemoryChannelLayer


class NoScanLayer(InMemoryChannelLayer):
    """The in-memory layer with the expiry scan taken out (messages then never expire)."""

    def _clean_expired(self):
        """Look at nothing."""


async def deliveries(layer_class, members, rounds):
    """Return the CPU time per delivery, in µs, of `rounds` group sends to `members` channels."""
    layer = layer_class(capacity=1000)
    names = [await layer.new_channel() for _ in range(members)]
    for name in names:
        await layer.group_add("bench", name)
    received = 0
    done = asyncio.Event()

    async def listen(name):
        nonlocal received
        while True:
            await layer.receive(name)
            received += 1
            if received == members:
                done.set()

    listeners = [asyncio.create_task(listen(name)) for name in names]
    await asyncio.sleep(0)  # Every listener waits in receive() before the first send.
    started = time.process_time()
    for _ in range(rounds):
        received = 0
        done.clear()
        await layer.group_send("bench", {"type": "chat.message", "text": "hello"})
        await asyncio.wait_for(done.wait(), 60)
    spent = time.process_time() - started
    for listener in listeners:
        listener.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    return spent / (rounds * members) * 1e6


async def layer_runs(sizes, deliveries_each):
    """Return {size: {"stock": µs, "no_scan": µs}} per delivery, for each number of members."""
    results = {}
    for size in sizes:
        rounds = max(1, deliveries_each // size)
        results[str(size)] = {
            "stock": await deliveries(InMemoryChannelLayer, size, rounds),
            "no_scan": await deliveries(NoScanLayer, size, rounds),
        }
    return results
