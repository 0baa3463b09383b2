"""Define what a room name may be, for URLs and WebSocket routes alike."""


class RoomNameConverter:
    """Match 1 to 50 ASCII letters, digits, hyphens or underscores."""

    # Spelled out, not \w: \w also matches non-ASCII letters. Group names on a
    # channel layer allow only ASCII and must stay under 100 characters.
    regex = "[A-Za-z0-9_-]{1,50}"

    def to_python(self, value):
        """Return the room name as it is."""
        return value

    def to_url(self, value):
        """Return the room name as it goes into a URL."""
        return value
