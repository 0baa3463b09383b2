"""Talk to the application the way browsers, scripts and consumer tests do."""

import json

import pytest
from websockets import InvalidStatus
from websockets.sync.client import connect

# What a page of the development server sends: its host is in ALLOWED_HOSTS.
ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def refusal(url, origin=None):
    """Return the client's words for a refused handshake at `url`; fail if it opens."""
    with pytest.raises(InvalidStatus) as refused, connect(url, origin=origin, open_timeout=10):
        pass
    return str(refused.value)


def join(server, path):
    """Connect to `path` on `server` as a page would; return the socket, welcome read."""
    websocket = connect(server.ws_url + path, origin=server.url, open_timeout=10)
    try:
        assert next_event(websocket)["type"] == "welcome"
    except BaseException:
        websocket.close()
        raise
    return websocket


def next_event(websocket):
    """Return the next JSON event, failing the test if none comes within 10 s."""
    return json.loads(websocket.recv(timeout=10))
