"""The kit runs a throwaway redis-server that answers on loopback and stops with its block."""

import pytest
import redis

from course_kit.redis_server import find_redis_server, running_redis

pytestmark = pytest.mark.e2e


def test_running_redis_answers_until_the_block_ends(tmp_path):
    with running_redis(find_redis_server(), tmp_path) as url:
        client = redis.Redis.from_url(url, socket_timeout=1)
        answered = client.ping()
        client.close()

    assert answered is True
    assert url.startswith("redis://127.0.0.1:")
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(url, socket_timeout=1).ping()
