"""Define what a room name may be, for URLs, WebSocket routes and saved rows alike."""

from django.core.validators import RegexValidator


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


class RoomNameValidator(RegexValidator):
    """Accept exactly the room names RoomNameConverter matches."""

    # A class of its own, not a RegexValidator(...) instance: a migration then
    # names the class instead of copying its pattern and message.
    # \A and \Z, not ^ and $: a validator searches, and $ also matches before
    # a final newline, which would let "lobby\n" through.
    regex = rf"\A{RoomNameConverter.regex}\Z"
    message = "A room name is 1 to 50 letters (A-Z), digits, hyphens or underscores."
    code = "invalid_room"
