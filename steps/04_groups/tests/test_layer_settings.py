"""REDIS_URL picks the channel layer: Redis when set, in-memory otherwise."""

import importlib

import pytest

import config.settings


@pytest.fixture
def reload_settings(monkeypatch):
    """Return a function that re-reads config/settings.py under a changed environment."""
    yield lambda: importlib.reload(config.settings)
    monkeypatch.undo()
    importlib.reload(config.settings)


def test_without_redis_url_the_layer_is_in_memory(monkeypatch, reload_settings):
    monkeypatch.delenv("REDIS_URL", raising=False)

    layers = reload_settings().CHANNEL_LAYERS

    assert layers == {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def test_empty_redis_url_keeps_the_in_memory_layer(monkeypatch, reload_settings):
    monkeypatch.setenv("REDIS_URL", "")

    layers = reload_settings().CHANNEL_LAYERS

    assert layers["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"


def test_redis_url_selects_the_redis_layer_on_that_url(monkeypatch, reload_settings):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/2")

    layers = reload_settings().CHANNEL_LAYERS

    assert layers == {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:6390/2"]},
        }
    }
