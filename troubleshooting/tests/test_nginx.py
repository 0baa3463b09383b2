"""Reproduce "nginx drops the upgrade": a proxy that turns the handshake into a GET."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from websockets.sync.client import connect

from course_kit.needs import missing
from course_kit.processes import HOST, free_port
from course_kit.server import Server
from tests.clients import refusal

CONFIGS = Path(__file__).resolve().parent.parent / "nginx"
# Debian and Ubuntu install nginx in /usr/sbin, outside a normal user's PATH.
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])

MAIN_CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream daphne {{ server {host}:{upstream}; }}
    server {{
        listen {host}:{port};
        include {location};
    }}
}}
"""


@pytest.fixture
def nginx_binary():
    """Return the path of nginx; skip without it, or fail when REQUIRE_NGINX=1."""
    binary = shutil.which("nginx", path=SEARCH_PATH)
    if binary is None:
        missing(
            "no nginx found: install it (apt-get install nginx) to run the proxy tests",
            "REQUIRE_NGINX",
        )
    return binary


@pytest.fixture
def nginx(nginx_binary, step_server, tmp_path):
    """Return a function that runs nginx before the step's server with a location file."""
    started = []

    def start(location_file):
        folder = tmp_path / location_file.removesuffix(".conf")
        folder.mkdir()
        port = free_port()
        config = folder / "nginx.conf"
        config.write_text(
            MAIN_CONFIG.format(
                folder=folder,
                host=HOST,
                port=port,
                upstream=step_server.port,
                location=CONFIGS / location_file,
            )
        )
        log_path = folder / "nginx.out"
        # In the foreground, one process, every file in `folder`: no root needed.
        command = [nginx_binary, "-p", folder, "-e", folder / "error.log", "-c", config]
        with open(log_path, "w") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        proxy = Server(port=port, log_path=log_path, process=process)
        started.append(proxy)
        return proxy.wait_until_serving()

    yield start
    for proxy in started:
        proxy.stop()


def test_nginx_without_upgrade_headers_gets_404_as_a_plain_get(nginx, step_server):
    proxy = nginx("missing-upgrade.conf")

    refused = refusal(proxy.ws_url + "/ws/echo/", origin=proxy.url)

    assert refused == "server rejected WebSocket connection: HTTP 404"
    output = step_server.wait_for("HTTP GET /ws/echo/ 404")
    assert "Not Found: /ws/echo/" in output


def test_nginx_without_connection_upgrade_gets_400(nginx):
    proxy = nginx("missing-connection.conf")

    refused = refusal(proxy.ws_url + "/ws/echo/", origin=proxy.url)

    assert refused == "server rejected WebSocket connection: HTTP 400"


def test_nginx_with_upgrade_headers_carries_the_websocket(nginx):
    proxy = nginx("websocket.conf")

    with connect(proxy.ws_url + "/ws/echo/", origin=proxy.url, open_timeout=10) as websocket:
        websocket.send("through nginx")

        assert websocket.recv(timeout=10) == "through nginx"
