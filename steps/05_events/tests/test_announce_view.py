"""The room page's announce form: staff only, CSRF-protected, and it publishes to the room."""

import re

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from rooms.models import MAX_ANNOUNCEMENT_LENGTH, Announcement

ROOM = "keynote"
ANNOUNCE = f"/rooms/{ROOM}/announce/"

BAD_TEXTS = {
    "empty": "",
    "blank": "   ",
    "too-long": "x" * (MAX_ANNOUNCEMENT_LENGTH + 1),
}


async def test_staff_post_is_saved_sent_and_redirected_to_the_room(
    channel_layer, enter, staff_client
):
    member = await enter(ROOM)

    response = await sync_to_async(staff_client.post)(ANNOUNCE, {"text": "Talk moved to hall B"})

    assert (response.status_code, response["Location"]) == (302, f"/rooms/{ROOM}/")
    event = await member.receive_json_from()
    assert (event["text"], event["author"]) == ("Talk moved to hall B", "grace")
    assert await Announcement.objects.filter(id=event["id"], room=ROOM).aexists()


def test_anonymous_post_is_forbidden(db, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as sends:
        response = client.post(ANNOUNCE, {"text": "let me in"})

    assert response.status_code == 403
    assert sends == []
    assert not Announcement.objects.exists()


def test_logged_in_non_staff_post_is_forbidden(
    db, client, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(django_user_model.objects.create_user("ada"))

    with django_capture_on_commit_callbacks() as sends:
        response = client.post(ANNOUNCE, {"text": "I am not staff"})

    assert response.status_code == 403
    assert sends == []
    assert not Announcement.objects.exists()


def test_post_without_the_csrf_token_is_forbidden(db, staff_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)

    response = browser.post(ANNOUNCE, {"text": "forged by another site"})

    assert response.status_code == 403
    assert b"CSRF" in response.content
    assert not Announcement.objects.exists()


def test_post_with_the_pages_csrf_token_is_accepted(
    db, staff_user, django_capture_on_commit_callbacks
):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)
    page = browser.get(f"/rooms/{ROOM}/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)[1].decode()

    with django_capture_on_commit_callbacks() as sends:
        response = browser.post(ANNOUNCE, {"text": "with the token", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert len(sends) == 1
    assert Announcement.objects.get().text == "with the token"


def test_get_is_not_allowed(staff_client):
    assert staff_client.get(ANNOUNCE).status_code == 405


@pytest.mark.parametrize("text", BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_bad_text_shows_the_forms_error_and_nothing_is_saved_or_sent(
    staff_client, django_capture_on_commit_callbacks, text
):
    with django_capture_on_commit_callbacks() as sends:
        response = staff_client.post(ANNOUNCE, {"text": text})

    assert response.status_code == 400
    assert b'id="announce-errors"' in response.content
    assert response.context["announce_form"].errors["text"]
    assert sends == []
    assert not Announcement.objects.exists()


@pytest.mark.parametrize(
    "path", ["/rooms/two%20words/announce/", "/rooms/caf%C3%A9/announce/", "/rooms//announce/"]
)
def test_invalid_room_is_not_found_and_nothing_is_saved(staff_client, path):
    response = staff_client.post(path, {"text": "to nowhere"})

    assert response.status_code == 404
    assert not Announcement.objects.exists()


def test_room_page_shows_the_announce_form_to_staff(staff_client):
    response = staff_client.get(f"/rooms/{ROOM}/")

    assert f'action="{ANNOUNCE}"'.encode() in response.content
    assert b'name="csrfmiddlewaretoken"' in response.content


def test_room_page_hides_the_announce_form_from_everyone_else(db, client, django_user_model):
    anonymous = client.get(f"/rooms/{ROOM}/")
    client.force_login(django_user_model.objects.create_user("ada"))
    not_staff = client.get(f"/rooms/{ROOM}/")

    for response in (anonymous, not_staff):
        assert response.status_code == 200
        assert b'id="announce-form"' not in response.content
        assert b'id="announcements"' in response.content
