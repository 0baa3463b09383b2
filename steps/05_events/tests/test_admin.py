"""Adding an announcement in the Django admin publishes it to the room."""

import pytest
from asgiref.sync import sync_to_async
from django.contrib import admin

from rooms.models import Announcement

ROOM = "foyer"
ADD = "/admin/rooms/announcement/add/"


@pytest.fixture
def admin_client(client, django_user_model, db):
    """Return Django's test client, logged in as a superuser, "admin"."""
    # No password, unlike pytest-django's admin_client: hashing one takes
    # a fifth of a second, and force_login needs none.
    client.force_login(django_user_model.objects.create_superuser("admin"))
    return client


async def test_adding_in_the_admin_publishes_to_the_room(channel_layer, enter, admin_client):
    member = await enter(ROOM)

    response = await sync_to_async(admin_client.post)(
        ADD, {"room": ROOM, "text": "Coffee is ready"}
    )

    assert response.status_code == 302
    event = await member.receive_json_from()
    assert (event["text"], event["author"]) == ("Coffee is ready", "admin")
    saved = await Announcement.objects.aget()
    assert saved.id == event["id"]
    assert await member.receive_nothing()


def test_admin_refuses_a_bad_room_and_saves_nothing(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as sends:
        response = admin_client.post(ADD, {"room": "two words", "text": "hello"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["room"]
    assert sends == []
    assert not Announcement.objects.exists()


def test_admin_lists_announcements_and_filters_them_by_room(admin_client):
    Announcement.objects.create(room=ROOM, text="listed")

    response = admin_client.get("/admin/rooms/announcement/")

    model_admin = admin.site.get_model_admin(Announcement)
    assert model_admin.list_filter == ("room",)
    assert set(model_admin.list_display) >= {"created", "room", "text", "author"}
    assert b"listed" in response.content
    assert b"By room" in response.content


def test_admin_will_not_edit_a_published_announcement(admin_client):
    announcement = Announcement.objects.create(room=ROOM, text="as it was")

    response = admin_client.post(
        f"/admin/rooms/announcement/{announcement.id}/change/", {"room": ROOM, "text": "edited"}
    )

    assert response.status_code == 403
    announcement.refresh_from_db()
    assert announcement.text == "as it was"
