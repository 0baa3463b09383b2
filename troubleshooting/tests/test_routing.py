"""Reproduce "500 on an unknown path": a URLRouter without a catch-all route."""

import pytest
from channels.routing import URLRouter

from config.routing import websocket_urlpatterns
from tests.clients import refusal


async def test_router_without_catch_all_raises_no_route_found(communicators):
    # --8<-- [start:no-catch-all]
    # The finished step's routes without the catch-all that ends them.
    router = URLRouter(websocket_urlpatterns[:-1])
    communicator = communicators(router, "/ws/nowhere/")

    with pytest.raises(ValueError, match="No route found") as error:
        await communicator.connect()
    # --8<-- [end:no-catch-all]

    assert str(error.value) == "No route found for path 'ws/nowhere/'."


def test_unknown_path_gets_500_and_a_traceback_in_the_server_log(broken_server):
    refused = refusal(broken_server.ws_url + "/ws/nowhere/")

    assert refused == "server rejected WebSocket connection: HTTP 500"
    output = broken_server.wait_for("ValueError: No route found for path 'ws/nowhere/'.")
    assert "Exception inside application: No route found for path 'ws/nowhere/'." in output
