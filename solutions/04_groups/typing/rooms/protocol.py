"""Check the frames a room client sends, and name what is wrong with them."""

import json

MAX_TEXT_LENGTH = 1000
# Daphne takes frames of up to 1 MiB; a room message is far smaller. A bigger
# frame is refused before it is parsed, so it costs no time to read.
MAX_FRAME_LENGTH = 64 * 1024


class ProtocolError(Exception):
    """A frame the room refuses: a code for programs, a message for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message

    def as_event(self):
        """Return the error as the JSON object sent back to the client."""
        return {"type": "error", "code": self.code, "message": self.message}


def parse_message(text_data, bytes_data=None):
    """Return the text of a valid message frame, None for a typing one, or raise ProtocolError."""
    frame = text_data if text_data is not None else bytes_data
    if frame is not None and len(frame) > MAX_FRAME_LENGTH:
        raise ProtocolError(
            "frame_too_large", f"A frame holds at most {MAX_FRAME_LENGTH} characters."
        )
    if text_data is None:
        raise ProtocolError("invalid_message", "Send JSON in a text frame, not a binary one.")
    try:
        data = json.loads(text_data)
    except (ValueError, RecursionError):
        # RecursionError: a deeply nested array is valid JSON that Python cannot parse.
        raise ProtocolError("invalid_json", "That frame is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ProtocolError("invalid_message", 'Send a JSON object: {"type": "message", ...}.')
    kind = data.get("type")
    if not isinstance(kind, str):
        raise ProtocolError("invalid_message", 'Say what the object is with a string "type".')
    # Compared with fixed names: the client's type never picks server code.
    if kind == "typing":
        return None
    if kind != "message":
        raise ProtocolError(
            "unknown_type", f'Unknown type {kind[:50]!r}; send "message" or "typing".'
        )
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ProtocolError("invalid_message", 'A message needs a non-blank string "text".')
    if len(text) > MAX_TEXT_LENGTH:
        raise ProtocolError(
            "too_long", f"A message holds at most {MAX_TEXT_LENGTH} characters, not {len(text)}."
        )
    try:
        # JSON may spell half a surrogate pair, "\ud800", which is no character:
        # the Redis layer cannot encode it, and its group_send would kill the consumer.
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ProtocolError("invalid_text", "The text holds an unpaired surrogate.") from None
    return text
