"""Reproduce "KeyError: 'user'": the WebSocket stack without AuthMiddlewareStack."""

import pytest
from channels.routing import URLRouter
from channels.security.websocket import AllowedHostsOriginValidator

from config.routing import websocket_urlpatterns
from tests.clients import ORIGIN, refusal


async def test_application_without_auth_middleware_raises_key_error_user(communicators):
    # --8<-- [start:no-auth]
    # The finished step's WebSocket stack without AuthMiddlewareStack.
    application = AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns))
    communicator = communicators(application, "/ws/rooms/lobby/", headers=[ORIGIN])

    with pytest.raises(KeyError) as error:
        await communicator.connect()
    # --8<-- [end:no-auth]

    assert str(error.value) == "'user'"


def test_room_without_auth_middleware_gets_500_and_key_error_in_the_log(broken_server):
    refused = refusal(broken_server.ws_url + "/ws/rooms/lobby/")

    assert refused == "server rejected WebSocket connection: HTTP 500"
    output = broken_server.wait_for("KeyError: 'user'\n")
    assert "Exception inside application: 'user'\n" in output
