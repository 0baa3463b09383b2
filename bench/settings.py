"""Run a step on its own settings, with the database and channel layer the bench picks."""

import os

from config.settings import *  # noqa: F403

# A throwaway database of the bench's own: the step folder stays as a learner left it.
DATABASES = {"default": {**DATABASES["default"], "NAME": os.environ["BENCH_DB"]}}  # noqa: F405

if os.environ.get("BENCH_LAYER") == "pubsub":
    # The step's own Redis settings, delivered by Redis PUBLISH instead of lists:
    # the layer keeps no queue in Redis, so it has no capacity either.
    _redis = CHANNEL_LAYERS["default"]  # noqa: F405
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": _redis["CONFIG"]["hosts"]},
        }
    }

# Two A/B runs change one number each, and nothing else.
if "BENCH_CAPACITY" in os.environ:
    CHANNEL_LAYERS["default"].setdefault("CONFIG", {})["capacity"] = int(
        os.environ["BENCH_CAPACITY"]
    )
if "BENCH_PRESENCE_INTERVAL" in os.environ:
    from rooms import presence

    presence.PRESENCE_INTERVAL = float(os.environ["BENCH_PRESENCE_INTERVAL"])
