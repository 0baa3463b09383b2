"""The kit starts a project's real server on a free loopback port and always stops it."""

import socket
import sys

import pytest

from course_kit.fetch import fetch
from course_kit.processes import HOST, bypass_proxy_for_loopback, free_port
from course_kit.server import manage, running_server, start_server
from tests.conftest import copy_step

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """Return a migrated copy of the first step."""
    folder = copy_step("01_setup", tmp_path_factory.mktemp("project"))
    manage(folder, "migrate", "--noinput")
    return folder


def test_a_free_port_can_be_bound_on_loopback():
    port = free_port()

    with socket.socket() as sock:
        sock.bind((HOST, port))


def test_running_server_serves_until_the_block_ends(project, tmp_path):
    with running_server(project, tmp_path / "server.log") as server:
        status, _ = fetch(server.url + "/")
        assert server.url.startswith(f"http://{HOST}:")

    assert status == 200
    assert server.process.poll() is not None
    assert "Starting ASGI/Daphne version" in server.output()


def test_a_server_that_exits_at_once_is_reported_with_its_output(project, tmp_path):
    (project / "broken_settings.py").write_text("raise ImportError('a broken setting')\n")

    with (
        pytest.raises(RuntimeError, match="a broken setting"),
        running_server(
            project, tmp_path / "server.log", env={"DJANGO_SETTINGS_MODULE": "broken_settings"}
        ),
    ):
        pass


def test_wait_for_text_fails_with_what_the_server_did_print(project, tmp_path):
    server = start_server(project, tmp_path / "server.log")
    try:
        server.wait_until_serving()
        with pytest.raises(AssertionError, match="Starting ASGI/Daphne"):
            server.wait_for("text the server never prints", timeout=0.5)
    finally:
        server.stop()


def test_manage_reports_a_failing_command_with_its_output(project):
    with pytest.raises(RuntimeError, match="Unknown command"):
        manage(project, "no_such_command")


def test_servers_run_with_the_python_that_runs_the_tests(project, tmp_path):
    server = start_server(project, tmp_path / "server.log")
    try:
        assert server.process.args[0] == sys.executable
    finally:
        server.stop()


def test_loopback_bypasses_the_proxy_and_other_exemptions_stay():
    env = {"NO_PROXY": "example.org"}

    bypass_proxy_for_loopback(env)

    assert env["NO_PROXY"] == env["no_proxy"] == "example.org,127.0.0.1,localhost"
