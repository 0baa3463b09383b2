"""Choose the channel layer: in-memory for one process, Redis for several."""

import asyncio

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
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [host], "capacity": CAPACITY},
        }
    }
