"""Reproduce "403 on the handshake": no Origin, or one outside ALLOWED_HOSTS."""

from websockets.sync.client import connect

from config.asgi import application
from course_kit.processes import HOST
from tests.clients import ORIGIN, refusal
from tests.processes import run_python

# A laptop's address on the local network: reachable, but not in ALLOWED_HOSTS.
LAN_ORIGIN = "http://192.168.1.20:8000"


def test_command_line_client_sends_no_origin_and_gets_403(step_server, workdir):
    url = step_server.ws_url + "/ws/echo/"

    code, output = run_python(workdir, ["-m", "websockets", url], name="websockets-cli")

    assert code == 1
    assert output.strip() == (
        f"Failed to connect to {url}: server rejected WebSocket connection: HTTP 403."
    )
    step_server.wait_for(f"WebSocket REJECT /ws/echo/ [{HOST}:")


def test_origin_outside_allowed_hosts_gets_403(step_server):
    refused = refusal(step_server.ws_url + "/ws/echo/", origin=LAN_ORIGIN)

    assert refused == "server rejected WebSocket connection: HTTP 403"


def test_same_server_accepts_the_origin_of_its_own_pages(step_server):
    with connect(step_server.ws_url + "/ws/echo/", origin=step_server.url) as websocket:
        websocket.send("hello")

        assert websocket.recv(timeout=10) == "hello"


async def test_communicator_without_origin_is_refused_in_a_consumer_test(communicators):
    # --8<-- [start:no-origin]
    # No headers: unlike a browser, a communicator sends no Origin by itself.
    communicator = communicators(application, "/ws/echo/")

    connected, code = await communicator.connect()
    # --8<-- [end:no-origin]

    assert (connected, code) == (False, 1000)


async def test_communicator_with_an_allowed_origin_connects(communicators):
    # --8<-- [start:with-origin]
    communicator = communicators(application, "/ws/echo/", headers=[ORIGIN])

    connected, _ = await communicator.connect()
    # --8<-- [end:with-origin]

    assert connected
