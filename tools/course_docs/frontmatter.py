"""Read the small subset of YAML front matter that the step pages use."""

import re
from dataclasses import dataclass

FENCE = "---"
CLOSERS = ("---", "...")
KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*))?$")
COMMENT = re.compile(r"[ \t]+#.*$")


class FrontMatterError(ValueError):
    """Front matter that is not the simple `key: value` / `- item` form."""

    def __init__(self, line: int, message: str) -> None:
        """Keep the page line the error is on."""
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Item:
    """A scalar value and the page line it is on."""

    line: int
    text: str


@dataclass(frozen=True)
class Field:
    """A top-level key: a scalar, a list of items, or None when outside the subset."""

    line: int
    value: str | list[Item] | None


def parse(text: str) -> dict[str, Field] | None:
    """Return the page's front matter fields, or None when the page has none."""
    lines = text.split("\n")
    if lines[0].lstrip("\ufeff").rstrip() != FENCE:
        return None
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() in CLOSERS), None)
    if end is None:
        raise FrontMatterError(1, "front matter is never closed; end it with a `---` line")
    fields: dict[str, Field] = {}
    key = None
    for number, line in enumerate(lines[1:end], start=2):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        # YAML lets a key's `- item` lines sit at the key's own indentation.
        if not line[0].isspace() and not _is_item(stripped):
            key, field = _top_level(number, line.rstrip())
            fields[key] = field
        elif key is None:
            raise FrontMatterError(number, "list item or indented line before any `key:`")
        else:
            fields[key] = _nested(fields[key], number, stripped)
    return fields


def _top_level(number: int, line: str) -> tuple[str, Field]:
    """Parse a `key: value` or `key:` line."""
    match = KEY.match(line)
    if match is None:
        raise FrontMatterError(number, f"cannot read {line!r}; write `key: value`")
    value = _scalar(match["value"] or "")
    if value in ("", "[]"):
        # A bare `key:` opens a list of `- item` lines that may follow.
        return match["key"], Field(number, [])
    if value[0] in "[{":
        return match["key"], Field(number, None)
    return match["key"], Field(number, value)


def _nested(field: Field, number: int, stripped: str) -> Field:
    """Add an indented line to the field it belongs to."""
    if not _is_item(stripped) or not isinstance(field.value, list):
        # Nested mappings and the like are valid YAML, just not something this tool reads.
        return Field(field.line, None)
    return Field(field.line, [*field.value, Item(number, _scalar(stripped[1:]))])


def _is_item(stripped: str) -> bool:
    """Tell whether a stripped line is a `- item` list entry."""
    return stripped == "-" or stripped.startswith("- ")


def _scalar(raw: str) -> str:
    """Return a scalar without its quotes, or without its trailing comment."""
    value = raw.strip()
    if value[:1] in ("'", '"'):
        closing = value.find(value[0], 1)
        if closing > 0:
            return value[1:closing]
    return COMMENT.sub("", value).strip()
