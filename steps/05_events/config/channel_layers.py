"""Choose the channel layer: in-memory for one process, Redis for several."""

# channels-redis waits up to 5 s at a time for a consumer's next event; redis-py 8
# gives up on any read after 5 s by default, so an idle WebSocket would drop.
REDIS_READ_TIMEOUT = 10


def channel_layers(redis_url=None):
    """Return the CHANNEL_LAYERS setting: Redis at `redis_url` if given, else in-memory."""
    if not redis_url:
        # Lives inside one process: two servers never see each other's messages.
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    host = {"address": redis_url, "socket_timeout": REDIS_READ_TIMEOUT}
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [host]},
        }
    }
