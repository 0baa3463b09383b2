"""Find the announcements a connecting client has not seen, from its `?after=` id."""

import re
from urllib.parse import parse_qs

from django.conf import settings

from rooms.models import Announcement
from rooms.protocol import ProtocolError

# As many as a newcomer gets, and at most as many as a returning client gets:
# one away for longer sees what a newcomer sees. The ANNOUNCEMENT_HISTORY
# setting, when there is one, says how many instead.
HISTORY_LENGTH = 20
# ASCII digits only (str.isdigit() also takes "²"), and few enough to fit the
# database's 64-bit integer: a longer number overflows SQLite's INTEGER.
AFTER_ID = re.compile(r"[0-9]{1,18}")


def parse_after(query_string):
    """Return the id in `?after=`, the last announcement the client saw; 0 without one."""
    # scope["query_string"] is the raw bytes after "?", still percent-encoded.
    values = parse_qs(query_string.decode("latin-1"), keep_blank_values=True).get("after")
    if values is None:
        return 0
    if len(values) != 1 or not AFTER_ID.fullmatch(values[0]):
        raise ProtocolError(
            "invalid_after",
            "after= takes the id of the last announcement you saw, such as after=42; "
            "here are the latest announcements instead.",
        )
    return int(values[0])


def announcements_after(room, after=0):
    """Return, oldest first, the room's newest announcements whose id is above `after`."""
    # Read on each call, not at import: a setting changed later, as a test's
    # `settings` fixture does, still counts.
    length = getattr(settings, "ANNOUNCEMENT_HISTORY", HISTORY_LENGTH)
    newest = (
        Announcement.objects.filter(room=room, id__gt=after)
        .select_related("author")
        .order_by("-id")[:length]
    )
    # A list, built here: a QuerySet evaluated later, in async code, raises
    # SynchronousOnlyOperation.
    return [announcement.as_event() for announcement in reversed(list(newest))]
