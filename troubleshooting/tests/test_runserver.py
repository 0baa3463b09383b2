"""Reproduce "runserver serves WSGI": daphne missing from INSTALLED_APPS, or after staticfiles."""

import pytest

from course_kit.fetch import fetch
from tests.clients import refusal
from tests.processes import MANAGE, Job, start_runserver, write_settings

WITHOUT_DAPHNE = 'INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "daphne"]'
DAPHNE_AFTER_STATICFILES = WITHOUT_DAPHNE + '\nINSTALLED_APPS.append("daphne")'


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    """Start runserver with both broken settings at once, so that they boot side by side."""
    folder = tmp_path_factory.mktemp("runserver")
    without = write_settings(folder, "without_daphne", WITHOUT_DAPHNE)
    after = write_settings(folder, "daphne_last", DAPHNE_AFTER_STATICFILES)
    processes = {
        "without": start_runserver(folder, without, "without"),
        # Port 0: the system check stops runserver before it would listen.
        "after": Job.start(folder, [*MANAGE, "runserver", "--noreload", "127.0.0.1:0"], after),
    }
    yield processes
    for process in processes.values():
        process.stop()


def test_without_daphne_runserver_serves_wsgi_and_the_handshake_gets_404(started):
    server = started["without"].wait_until_serving()

    _, home = fetch(server.url + "/", timeout=10)
    refused = refusal(server.ws_url + "/ws/echo/", origin=server.url)

    output = server.wait_for('"GET /ws/echo/ HTTP/1.1" 404')
    assert f"Starting development server at {server.url}/" in output
    assert "Starting ASGI/Daphne" not in output
    assert "served over <strong>WSGI</strong>" in home
    assert refused == "server rejected WebSocket connection: HTTP 404"
    assert "Not Found: /ws/echo/" in output


def test_daphne_after_staticfiles_stops_runserver_with_daphne_e001(started):
    code, output = started["after"].result()

    assert code == 1
    assert (
        "?: (daphne.E001) Daphne must be listed before django.contrib.staticfiles "
        "in INSTALLED_APPS."
    ) in output
    assert "Starting" not in output
