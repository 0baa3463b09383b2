"""Choose the channel layer: in-memory for one process, Redis for several."""

import asyncio

from channels_redis.core import RedisChannelLayer
from redis.exceptions import RedisError

# channels-redis waits up to 5 s at a time for a consumer's next event; redis-py 8
# gives up on any read after 5 s by default, so an idle WebSocket would drop.
REDIS_READ_TIMEOUT = 10
# How many events may wait, unread, for one consumer on the in-memory layer, or
# for one whole server process on Redis (which queues a group_send once per
# process, for all its members). Over it, an event is dropped without a word:
# the default, 100, lost messages when twenty people sent ten each at once.
CAPACITY = 1000
# redis-py opens a connection for each command in flight and refuses the 101st
# by default: a crowd leaving at once needs one per member, or some stay in the
# group as ghosts. Redis itself accepts 10,000 clients.
REDIS_MAX_CONNECTIONS = 2000
# What a channel layer raises when its Redis is down, gone or too slow.
LAYER_ERRORS = (OSError, RedisError, asyncio.TimeoutError)
# How long a cancelled receive may take to wind up before it is cancelled again.
CANCEL_GRACE = 0.02


class CancellableRedisChannelLayer(RedisChannelLayer):
    """Use channels-redis's layer, with a receive() that a cancel always ends."""

    async def receive(self, channel):
        """Receive in a task of its own, and cancel that task until it has stopped."""
        receiving = asyncio.ensure_future(super().receive(channel))
        try:
            return await asyncio.shield(receiving)
        except asyncio.CancelledError:
            # A consumer that ends cancels its receive and waits for it. Before
            # Python 3.12, asyncio.wait_for() drops a cancel that lands just as the
            # call it wraps completes, and redis-py sends each command inside one
            # when socket_timeout is set: the receive goes on waiting for events,
            # and the consumer never ends. Daphne kills it 10 s later, logging
            # "took too long to shut down and was killed".
            while not receiving.done():
                receiving.cancel()
                await asyncio.wait([receiving], timeout=CANCEL_GRACE)
            raise


def channel_layers(redis_url=None):
    """Return the CHANNEL_LAYERS setting: Redis at `redis_url` if given, else in-memory."""
    if not redis_url:
        # Lives inside one process: two servers never see each other's messages.
        return {
            "default": {
                "BACKEND": "channels.layers.InMemoryChannelLayer",
                "CONFIG": {"capacity": CAPACITY},
            }
        }
    host = {
        "address": redis_url,
        "socket_timeout": REDIS_READ_TIMEOUT,
        "max_connections": REDIS_MAX_CONNECTIONS,
    }
    return {
        "default": {
            "BACKEND": "config.channel_layers.CancellableRedisChannelLayer",
            "CONFIG": {"hosts": [host], "capacity": CAPACITY},
        }
    }
