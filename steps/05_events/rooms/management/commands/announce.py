"""Announce to a room from the command line: `python manage.py announce ROOM TEXT`."""

from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rooms.announcements import publish

IN_MEMORY = (
    "The channel layer is the in-memory one, which lives inside this command's own "
    "process: no server would hear the announcement. Run the servers and this command "
    "with the same REDIS_URL. Nothing was saved."
)


class Command(BaseCommand):
    """Save an announcement and push it to everyone in the room, on every server."""

    help = "Announce TEXT to everyone in ROOM, on every server that shares the channel layer."

    def add_arguments(self, parser):
        parser.add_argument("room", help="the room's name, as in /rooms/ROOM/")
        parser.add_argument("text", help="what to announce, in quotes")

    def handle(self, *args, room, text, **options):
        # Checked before saving: a command is a process of its own, and an
        # in-memory layer reaches no other process. Saving anyway would look like
        # success while every open page stayed silent until it reloaded.
        if isinstance(get_channel_layer(), InMemoryChannelLayer):
            raise CommandError(IN_MEMORY)
        # With Redis down, publish() saves the row and logs that it could not
        # send it: pages get the announcement from the database when they reconnect.
        try:
            announcement = publish(room, text)
        except ValidationError as error:
            problems = [f"{field}: {' '.join(messages)}" for field, messages in error]
            raise CommandError(f"{' '.join(problems)} Nothing was saved.") from None
        self.stdout.write(f"Announced #{announcement.id} to {room}: {announcement.text}")
