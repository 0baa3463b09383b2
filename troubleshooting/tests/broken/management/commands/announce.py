"""Announce from the command line without the step's check of the layer (the mistake)."""

from rooms.announcements import publish
from rooms.management.commands import announce


# --8<-- [start:mistake]
class Command(announce.Command):
    """The step's `announce`, minus its refusal of the in-memory layer."""

    def handle(self, *args, room, text, **options):
        # The mistake: no look at the layer. On the in-memory one, this
        # process's group has no members, and group_send has no one to fail for.
        announcement = publish(room, text)
        self.stdout.write(f"Announced #{announcement.id} to {room}: {announcement.text}")


# --8<-- [end:mistake]
