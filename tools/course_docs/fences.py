"""Find the fenced code blocks in a Markdown page."""

import re
from dataclasses import dataclass

OPENING = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
ATTR_CLASS = re.compile(r"(?:^|\s)\.(?P<name>[^\s}]+)")
PLAIN_LANGUAGE = re.compile(r"\.?(?P<name>[^\s{]+)")


@dataclass(frozen=True)
class Fence:
    """A fenced block: its opening line, language and the line numbers of its body."""

    line: int
    language: str
    body: range


def find_fences(lines: list[str]) -> list[Fence]:
    """Return the page's top-level fenced blocks, with 1-based line numbers."""
    fences = []
    number = 0
    while number < len(lines):
        match = OPENING.match(lines[number].rstrip())
        number += 1
        if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
            # A backtick in the info string means inline code, not a fence (CommonMark).
            continue
        start = number
        while number < len(lines) and not _closes(lines[number], match["fence"]):
            number += 1
        # An unclosed fence runs to the end of the page, as in CommonMark.
        fences.append(Fence(start, _language(match["info"]), range(start + 1, number + 1)))
        number += 1
    return fences


def fenced_line_numbers(lines: list[str]) -> set[int]:
    """Return the 1-based numbers of the lines of fenced blocks, fences included."""
    numbers = set()
    for fence in find_fences(lines):
        numbers.update(range(fence.line, fence.body.stop + 1))
    return numbers


def _closes(line: str, fence: str) -> bool:
    """Tell whether a line closes a block opened by the given fence."""
    stripped = line.strip()
    return len(stripped) >= len(fence) and stripped == fence[0] * len(stripped)


def _language(info: str) -> str:
    """Return the lower-cased language of a fence's info string, or '' if it has none."""
    info = info.strip()
    if info.startswith("{"):
        # Attribute form `{ .python title="x" }`: the first class is the language.
        match = ATTR_CLASS.search(QUOTED.sub("", info.strip("{} ")))
    else:
        match = PLAIN_LANGUAGE.match(info)
    return match["name"].lower() if match else ""
