"""Serve the app through the shipped nginx site, as plain HTTP: pages, static files, WebSockets."""

import json

import pytest
import websockets

import nginxsite
import services
from course_kit.processes import HOST, free_port
from services import HOSTNAME

pytestmark = pytest.mark.e2e

CLIENT_JS = services.STEP_DIR / "pages" / "static" / "pages" / "client.js"


def connect(port, path="/ws/rooms/lobby/"):
    """Open a WebSocket through nginx on 127.0.0.1:port, as a page from HOSTNAME would."""
    return websockets.connect(
        f"ws://{HOSTNAME}:{port}{path}",
        host=HOST,
        port=port,
        origin=f"http://{HOSTNAME}:{port}",
        proxy=None,
        open_timeout=10,
    )


@pytest.fixture
def proxy(daphne, site, start_nginx):
    """Start nginx on the shipped site, plain HTTP, in front of the session's daphne."""

    def start(drop=()):
        port = free_port()
        text = nginxsite.for_test(
            daphne_ports=[daphne.port], static_root=site.static_root, port=port, drop=drop
        )
        start_nginx(text, [port])
        return port

    return start


async def test_a_websocket_round_trip_through_nginx(proxy):
    port = proxy()
    async with connect(port) as socket:
        assert json.loads(await socket.recv())["type"] == "welcome"
        await socket.send(json.dumps({"type": "message", "text": "through nginx"}))
        message = json.loads(await socket.recv())
    assert message == {
        "type": "message",
        "room": "lobby",
        "user": "anonymous",
        "text": "through nginx",
    }


def test_pages_go_to_daphne(proxy):
    port = proxy()
    status, _, body = services.request(port, "/", headers={"Host": HOSTNAME})
    assert status == 200
    assert b"Django Channels course" in body


def test_static_files_come_from_nginx(proxy, daphne):
    port = proxy()
    before = daphne.output().count("GET /static/")
    status, headers, body = services.request(
        port, "/static/pages/client.js", headers={"Host": HOSTNAME}
    )
    assert status == 200
    # collectstatic's copy of the step's file, sent by nginx with its cache header.
    assert body == CLIENT_JS.read_bytes()
    assert headers["Cache-Control"] == "max-age=3600"
    assert daphne.output().count("GET /static/") == before, "the request reached daphne"


@pytest.mark.parametrize(
    ("dropped", "status"),
    [
        # Daphne sees a plain GET; Django has no page at /ws/... and answers 404.
        (("Upgrade", "Connection"), 404),
        (("Upgrade",), 404),
        # An Upgrade header with nginx's default "Connection: close": daphne's
        # WebSocket code refuses the handshake itself.
        (("Connection",), 400),
    ],
)
async def test_without_the_upgrade_headers_the_handshake_fails(proxy, dropped, status):
    port = proxy(drop=[("/ws/", "proxy_set_header", header) for header in dropped])
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with connect(port):
            pass
    assert refused.value.response.status_code == status


async def test_daphne_also_upgrades_an_http_1_0_request(proxy):
    # Without proxy_http_version 1.1, nginx forwards the handshake as HTTP/1.0.
    # Upgrade is defined for HTTP/1.1 only, but daphne lets it through: the
    # line is in the shipped site for servers that are stricter.
    port = proxy(drop=[("/ws/", "proxy_http_version")])
    async with connect(port) as socket:
        assert json.loads(await socket.recv())["type"] == "welcome"
