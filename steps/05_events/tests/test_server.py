"""The real development server runs Daphne and serves the home page."""

import pytest

from course_kit.fetch import fetch

pytestmark = pytest.mark.e2e


def test_runserver_prints_the_daphne_banner(server):
    assert "Starting ASGI/Daphne version" in server.output()


def test_server_serves_the_home_page_over_asgi(server):
    status, body = fetch(server.url + "/")

    assert status == 200
    assert "served over <strong>ASGI</strong>" in body
