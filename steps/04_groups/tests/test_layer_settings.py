"""REDIS_URL picks the channel layer: Redis when set, in-memory otherwise."""

import importlib

import pytest
from django.utils.module_loading import import_string

import config.settings
from config.channel_layers import (
    CAPACITY,
    REDIS_MAX_CONNECTIONS,
    REDIS_READ_TIMEOUT,
    channel_layers,
)


@pytest.fixture
def reload_settings(monkeypatch):
    """Return a function that re-reads config/settings.py under a changed environment."""
    yield lambda: importlib.reload(config.settings)
    monkeypatch.undo()
    importlib.reload(config.settings)


def test_without_redis_url_the_layer_is_in_memory(monkeypatch, reload_settings):
    monkeypatch.delenv("REDIS_URL", raising=False)

    layers = reload_settings().CHANNEL_LAYERS

    assert layers["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"


def test_empty_redis_url_keeps_the_in_memory_layer(monkeypatch, reload_settings):
    monkeypatch.setenv("REDIS_URL", "")

    layers = reload_settings().CHANNEL_LAYERS

    assert layers["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"


def test_redis_url_selects_the_redis_layer_on_that_url(monkeypatch, reload_settings):
    from channels_redis.core import RedisChannelLayer

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/2")

    layers = reload_settings().CHANNEL_LAYERS

    assert issubclass(import_string(layers["default"]["BACKEND"]), RedisChannelLayer)
    assert layers["default"]["CONFIG"]["hosts"][0]["address"] == "redis://127.0.0.1:6390/2"


def test_redis_reads_wait_longer_than_the_layers_blocking_receive():
    from channels_redis.core import RedisChannelLayer

    host = channel_layers("redis://127.0.0.1:6390/0")["default"]["CONFIG"]["hosts"][0]

    assert host["socket_timeout"] == REDIS_READ_TIMEOUT
    assert RedisChannelLayer.brpop_timeout < REDIS_READ_TIMEOUT


@pytest.mark.parametrize(
    "redis_url", [None, "redis://127.0.0.1:6390/0"], ids=["in-memory", "redis"]
)
def test_both_layers_hold_a_burst_of_several_hundred_events(redis_url):
    config = channel_layers(redis_url)["default"]["CONFIG"]

    # The default of 100 dropped messages when twenty members sent ten at once.
    assert config["capacity"] == CAPACITY >= 500


def test_a_crowd_leaving_at_once_has_a_redis_connection_each():
    host = channel_layers("redis://127.0.0.1:6390/0")["default"]["CONFIG"]["hosts"][0]

    # redis-py refuses a command past 100 connections in flight by default.
    assert host["max_connections"] == REDIS_MAX_CONNECTIONS >= 1000
