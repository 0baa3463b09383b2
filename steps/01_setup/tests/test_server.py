"""The real development server runs Daphne and serves the home page."""

import asyncio

import pytest
import websockets

from course_kit.fetch import fetch

pytestmark = pytest.mark.e2e


def test_runserver_prints_the_daphne_banner(server):
    assert "Starting ASGI/Daphne version" in server.output()


def test_server_serves_the_home_page_over_asgi(server):
    status, body = fetch(server.url + "/")

    assert status == 200
    assert "served over <strong>ASGI</strong>" in body


async def test_server_refuses_a_websocket_handshake(server):
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with websockets.connect(server.ws_url + "/ws/echo/", open_timeout=5):
            pass

    assert refused.value.response.status_code == 500


async def test_server_logs_why_it_refused_the_handshake(server):
    with pytest.raises(websockets.InvalidStatus):
        async with websockets.connect(server.ws_url + "/ws/echo/", open_timeout=5):
            pass

    assert "No application configured for scope type 'websocket'" in server.output()


async def test_server_keeps_serving_pages_after_a_refused_handshake(server):
    with pytest.raises(websockets.InvalidStatus):
        async with websockets.connect(server.ws_url + "/ws/echo/", open_timeout=5):
            pass

    # Run the blocking HTTP call off the event loop.
    status, _ = await asyncio.to_thread(fetch, server.url + "/")

    assert status == 200
