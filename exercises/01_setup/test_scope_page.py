"""Add a page at /scope/ that answers five keys of the request's ASGI scope as JSON."""

import json

import pytest
from channels.testing import HttpCommunicator

from config.asgi import application

pytestmark = pytest.mark.exercise

# Django answers only for hosts in ALLOWED_HOSTS; an ASGI test sets it by hand.
HOST = [(b"host", b"127.0.0.1")]


async def get(path):
    """Return the application's response to a GET of `path`."""
    return await HttpCommunicator(application, "GET", path, headers=HOST).get_response()


async def test_scope_page_answers_json():
    response = await get("/scope/")

    headers = {name.lower(): value for name, value in response["headers"]}
    assert response["status"] == 200
    assert headers[b"content-type"] == b"application/json"


async def test_scope_page_shows_type_version_method_and_path():
    response = await get("/scope/")

    assert json.loads(response["body"]) == {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "path": "/scope/",
        "query_string": "",
    }


async def test_scope_page_shows_the_query_string_as_text_apart_from_the_path():
    response = await get("/scope/?room=lobby&page=2")

    scope = json.loads(response["body"])
    assert (scope["path"], scope["query_string"]) == ("/scope/", "room=lobby&page=2")
