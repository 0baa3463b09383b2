"""Add an About page at /about/, named "about", served over ASGI like the home page."""

import pytest
from channels.testing import HttpCommunicator
from django.urls import reverse

from config.asgi import application

pytestmark = pytest.mark.exercise

# Django answers only for hosts in ALLOWED_HOSTS; an ASGI test sets it by hand.
HOST = [(b"host", b"127.0.0.1")]


async def test_about_page_is_served_through_the_asgi_application():
    communicator = HttpCommunicator(application, "GET", "/about/", headers=HOST)

    response = await communicator.get_response()

    assert response["status"] == 200
    assert b"<h1>About</h1>" in response["body"]


async def test_about_page_says_it_was_served_over_asgi():
    communicator = HttpCommunicator(application, "GET", "/about/", headers=HOST)

    response = await communicator.get_response()

    assert b"served over <strong>ASGI</strong>" in response["body"]


def test_about_page_is_named_about():
    assert reverse("about") == "/about/"
