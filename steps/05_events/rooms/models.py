"""Store the announcements organisers make in a room."""

from django.conf import settings
from django.db import models

from rooms.converters import RoomNameValidator

MAX_ANNOUNCEMENT_LENGTH = 500


class Announcement(models.Model):
    """A line an organiser pushed to everyone in a room, kept for those who come later."""

    # A name, not a foreign key: a room exists as soon as someone opens its URL.
    room = models.CharField(max_length=50, validators=[RoomNameValidator()])
    # CharField, not TextField: a TextField's max_length sizes the form's
    # textarea only, and model validation never checks it.
    text = models.CharField(max_length=MAX_ANNOUNCEMENT_LENGTH)
    # Nullable: an announcement from `manage.py announce` has no author, and
    # one whose author is deleted stays.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)
        # A connecting client asks for a room's announcements after an id.
        indexes = (models.Index(fields=("room", "id"), name="announcement_room_id"),)

    def __str__(self):
        return f"{self.room}: {self.text[:50]}"

    def as_event(self):
        """Return the announcement as the event a room's clients receive."""
        return {
            "type": "announcement",
            "id": self.id,
            "room": self.room,
            "text": self.text,
            "author": self.author.get_username() if self.author else None,
            # A string: the Redis layer packs events with msgpack, which
            # refuses a datetime ("can not serialize 'datetime.datetime' object").
            "created": self.created.isoformat(),
        }
