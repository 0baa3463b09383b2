"""The room protocol accepts one kind of frame and names every fault."""

import json

import pytest

from rooms.protocol import MAX_FRAME_LENGTH, MAX_TEXT_LENGTH, ProtocolError, parse_message


def frame(**fields):
    """Return a text frame holding `fields` as a JSON object."""
    return json.dumps(fields)


def test_valid_message_returns_its_text():
    assert parse_message(frame(type="message", text="hi there")) == "hi there"


def test_text_of_exactly_the_limit_is_accepted():
    text = "x" * MAX_TEXT_LENGTH

    assert parse_message(frame(type="message", text=text)) == text


def test_frame_of_exactly_the_frame_limit_is_still_parsed():
    message = frame(type="message", text="hi")
    # JSON allows whitespace after the value: pad the frame to the limit.
    padded = message + " " * (MAX_FRAME_LENGTH - len(message))

    assert parse_message(padded) == "hi"


@pytest.mark.parametrize(
    ("text_data", "bytes_data", "code"),
    [
        ("", None, "invalid_json"),
        ("not json", None, "invalid_json"),
        ("{'single': 'quotes'}", None, "invalid_json"),
        ("[" * 50_000, None, "invalid_json"),
        (None, b'{"type": "message", "text": "hi"}', "invalid_message"),
        ('["a", "list"]', None, "invalid_message"),
        ('"a string"', None, "invalid_message"),
        ("42", None, "invalid_message"),
        ("null", None, "invalid_message"),
        (frame(text="no type"), None, "invalid_message"),
        (frame(type=7, text="numeric type"), None, "invalid_message"),
        (frame(type="message"), None, "invalid_message"),
        (frame(type="message", text=5), None, "invalid_message"),
        (frame(type="message", text=None), None, "invalid_message"),
        (frame(type="message", text="   "), None, "invalid_message"),
        (frame(type="shout", text="hi"), None, "unknown_type"),
        (frame(type="welcome", text="hi"), None, "unknown_type"),
        (frame(type="message", text="x" * (MAX_TEXT_LENGTH + 1)), None, "too_long"),
        ('{"type": "message", "text": "\\ud800"}', None, "invalid_text"),
        ("x" * (MAX_FRAME_LENGTH + 1), None, "frame_too_large"),
        (None, b"x" * (MAX_FRAME_LENGTH + 1), "frame_too_large"),
    ],
    ids=[
        "empty-frame",
        "plain-text",
        "python-not-json",
        "nested-too-deep",
        "binary-frame",
        "json-array",
        "json-string",
        "json-number",
        "json-null",
        "missing-type",
        "non-string-type",
        "missing-text",
        "non-string-text",
        "null-text",
        "blank-text",
        "unknown-type",
        "server-only-type",
        "text-too-long",
        "lone-surrogate",
        "text-frame-too-large",
        "binary-frame-too-large",
    ],
)
def test_bad_frame_raises_its_error_code(text_data, bytes_data, code):
    with pytest.raises(ProtocolError) as error:
        parse_message(text_data, bytes_data)

    assert error.value.code == code


def test_error_becomes_an_error_event_with_a_readable_message():
    error = ProtocolError("too_long", "Too long.")

    assert error.as_event() == {"type": "error", "code": "too_long", "message": "Too long."}


def test_unknown_type_message_quotes_at_most_fifty_characters_of_it():
    with pytest.raises(ProtocolError) as error:
        parse_message(frame(type="y" * 10_000, text="hi"))

    assert "y" * 50 in error.value.message
    assert "y" * 51 not in error.value.message
