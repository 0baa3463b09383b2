"""An announcement is saved under a valid room name and sent as a JSON-ready event."""

import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from rooms.converters import RoomNameConverter, RoomNameValidator
from rooms.models import Announcement

NAMES = ["lobby", "Team_7-b", "a" * 50, "a" * 51, "two words", "café", "lob.by", "lobby\n", ""]


def may_be_saved(name):
    """Tell whether the model's validator accepts `name` as a room."""
    try:
        RoomNameValidator()(name)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("name", NAMES)
def test_saved_room_names_follow_the_url_converter(name):
    in_urls = re.fullmatch(RoomNameConverter.regex, name) is not None

    assert may_be_saved(name) == in_urls


def test_event_is_plain_json_with_the_time_as_an_iso_string(db, django_user_model):
    author = django_user_model.objects.create_user("ada")
    announcement = Announcement.objects.create(room="lobby", text="Hi", author=author)

    event = announcement.as_event()

    assert json.loads(json.dumps(event)) == event
    assert event["created"] == announcement.created.isoformat()
    assert event["author"] == "ada"


def test_deleting_the_author_keeps_the_announcement(db, django_user_model):
    author = django_user_model.objects.create_user("ada")
    announcement = Announcement.objects.create(room="lobby", text="Hi", author=author)

    author.delete()
    announcement.refresh_from_db()

    assert announcement.as_event()["author"] is None


def test_migrations_match_the_models(db):
    out = io.StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()
