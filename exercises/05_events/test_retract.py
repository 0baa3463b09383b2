"""Deleting announcements in the admin sends {"type": "retracted"} to their rooms, on commit."""

import pytest
from asgiref.sync import sync_to_async
from django.contrib import admin

from rooms.models import Announcement

pytestmark = pytest.mark.exercise

ROOM = "stage"
CHANGELIST = "/admin/rooms/announcement/"


@pytest.fixture
def admin_client(client, django_user_model, db):
    """Return Django's test client, logged in as a superuser, "admin"."""
    client.force_login(django_user_model.objects.create_superuser("admin"))
    return client


def retracted(announcement):
    """Return the event that tells a room's pages to remove `announcement`."""
    return {"type": "retracted", "id": announcement.id, "room": announcement.room}


async def test_deleting_one_in_the_admin_retracts_it_in_its_room(
    channel_layer, enter, admin_client
):
    member = await enter(ROOM)
    announcement = await Announcement.objects.acreate(room=ROOM, text="Talk in hall B")

    response = await sync_to_async(admin_client.post)(
        f"{CHANGELIST}{announcement.id}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert await member.receive_json_from() == retracted(announcement)
    assert await member.receive_nothing()
    assert not await Announcement.objects.aexists()


async def test_deleting_several_with_the_admin_action_retracts_each_in_its_room(
    channel_layer, enter, admin_client
):
    member = await enter(ROOM)
    elsewhere = await enter("backstage")
    here = [await Announcement.objects.acreate(room=ROOM, text=f"news {n}") for n in range(2)]
    there = await Announcement.objects.acreate(room="backstage", text="crew only")

    response = await sync_to_async(admin_client.post)(
        CHANGELIST,
        {
            "action": "delete_selected",
            "_selected_action": [announcement.id for announcement in [*here, there]],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    events = [await member.receive_json_from() for _ in here]
    assert sorted(events, key=lambda event: event["id"]) == [retracted(a) for a in here]
    assert await elsewhere.receive_json_from() == retracted(there)
    assert await member.receive_nothing()
    assert not await Announcement.objects.aexists()


async def test_rolled_back_deletion_retracts_nothing(
    channel_layer, enter, admin_client, monkeypatch
):
    member = await enter(ROOM)
    announcement = await Announcement.objects.acreate(room=ROOM, text="still on")

    def fail(*args):
        raise RuntimeError("the admin failed after delete_model()")

    # The admin's delete view runs in a transaction: failing after
    # delete_model() rolls the deletion back, and the page must keep the line.
    monkeypatch.setattr(admin.site.get_model_admin(Announcement), "response_delete", fail)
    with pytest.raises(RuntimeError):
        await sync_to_async(admin_client.post)(
            f"{CHANGELIST}{announcement.id}/delete/", {"post": "yes"}
        )

    assert await member.receive_nothing(), "a retraction went out, then its deletion rolled back"
    assert await Announcement.objects.filter(id=announcement.id).aexists()
