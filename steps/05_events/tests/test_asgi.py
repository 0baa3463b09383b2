"""The ASGI application routes by protocol and serves Django over HTTP."""

from channels.routing import ProtocolTypeRouter
from channels.testing import HttpCommunicator

from config.asgi import application

# Django answers only for hosts in ALLOWED_HOSTS; an ASGI test sets it by hand.
HOST = [(b"host", b"127.0.0.1")]


def test_application_is_a_protocol_type_router():
    assert isinstance(application, ProtocolTypeRouter)


def test_application_serves_http_and_websocket():
    assert set(application.application_mapping) == {"http", "websocket"}


async def test_home_page_is_served_through_the_asgi_application():
    communicator = HttpCommunicator(application, "GET", "/", headers=HOST)

    response = await communicator.get_response()

    assert response["status"] == 200
    assert b"served over <strong>ASGI</strong>" in response["body"]
