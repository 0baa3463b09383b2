"""The pages: pick a room, open it, find the echo client, log in."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_offers_rooms_to_join(client):
    response = client.get("/")

    assert response.status_code == 200
    assert b'href="/rooms/lobby/"' in response.content


def test_valid_room_name_from_the_form_redirects_to_the_room(client):
    response = client.get("/", {"room": "team-7"})

    assert response.status_code == 302
    assert response["Location"] == "/rooms/team-7/"


@pytest.mark.parametrize("name", ["two words", "café", "a" * 51, "lob/by"])
def test_invalid_room_name_from_the_form_is_explained(client, name):
    response = client.get("/", {"room": name})

    assert response.status_code == 400
    assert b"A room name is 1 to 50 letters" in response.content


def test_room_page_shows_the_room_name(client):
    response = client.get("/rooms/lobby/")

    assert response.status_code == 200
    assert b'<script id="room-name" type="application/json">"lobby"</script>' in response.content


@pytest.mark.parametrize("path", ["/rooms/two%20words/", "/rooms/caf%C3%A9/", "/rooms/a/b/"])
def test_room_page_with_an_invalid_name_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_echo_client_lives_at_echo(client):
    response = client.get("/echo/")

    assert response.status_code == 200
    assert b"pages/echo.js" in response.content


def test_login_page_is_served(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_logged_in_user_sees_their_name_in_the_header(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("grace"))

    response = client.get("/rooms/lobby/")

    assert b"grace" in response.content
    assert b"Log out" in response.content
