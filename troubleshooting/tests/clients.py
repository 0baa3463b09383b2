"""Talk to the application the way browsers, scripts and consumer tests do."""

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
