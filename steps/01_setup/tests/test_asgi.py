"""The ASGI application routes by protocol and serves Django over HTTP."""

import pytest
from channels.routing import ProtocolTypeRouter
from channels.testing import HttpCommunicator

from config.asgi import application

# Django answers only for hosts in ALLOWED_HOSTS; an ASGI test sets it by hand.
HOST = [(b"host", b"127.0.0.1")]


def test_application_is_a_protocol_type_router():
    assert isinstance(application, ProtocolTypeRouter)


def test_application_serves_only_http_so_far():
    assert set(application.application_mapping) == {"http"}


async def test_home_page_is_served_through_the_asgi_application():
    communicator = HttpCommunicator(application, "GET", "/", headers=HOST)

    response = await communicator.get_response()

    assert response["status"] == 200
    assert b"served over <strong>ASGI</strong>" in response["body"]


async def test_websocket_has_no_application_yet():
    scope = {"type": "websocket", "path": "/ws/echo/"}

    # The router fails before it reads or sends a single message.
    with pytest.raises(ValueError, match="No application configured for scope type 'websocket'"):
        await application(scope, receive=None, send=None)
