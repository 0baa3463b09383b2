"""Find the pymdownx.snippets include lines in a Markdown page."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Mirrors pymdownx.snippets: trailing blanks make a line plain text, not a snippet.
MARKER = re.compile(
    r"""^[ \t]*(?P<escape>;*)
    (?:
        (?P<inline>-+8<-+[ \t]+)(?P<quoted>"(?:\\"|[^"\r\n])+?"|'(?:\\'|[^'\r\n])+?')(?![ \t])
        | (?P<block>-+8<-+)(?![ \t])
    )\r?$""",
    re.VERBOSE,
)
# A snippet may select lines (`:3:9`, `:1:3,7:9`) or a named section (`:connect`).
SELECTOR = re.compile(
    r"^(?P<path>.*?)(?::-?\d*(?::-?\d*)?(?:,-?\d*(?::-?\d*)?)*|:[a-z][-_0-9a-z]*)?$",
    re.IGNORECASE,
)
URL_PREFIXES = ("http://", "https://")


@dataclass(frozen=True)
class Include:
    """A file a page pulls in, and the page line that names it."""

    line: int
    target: str


def find_includes(lines: list[str]) -> list[Include]:
    """Return every local file the page includes, without line or section selectors."""
    return [Include(number, target) for number, target in _scan(lines) if target]


def snippet_line_numbers(lines: list[str]) -> set[int]:
    """Return the 1-based numbers of the lines that pymdownx.snippets consumes."""
    return {number for number, _ in _scan(lines)}


def _scan(lines: list[str]) -> Iterator[tuple[int, str | None]]:
    """Yield each snippet line's number and the file it includes, if any."""
    in_block = False
    for number, line in enumerate(lines, start=1):
        match = MARKER.match(line)
        if match and match["escape"]:
            # An escaped marker is printed as text, minus one `;`.
            continue
        if match and match["block"]:
            in_block = not in_block
            yield number, None
        elif match and in_block:
            # pymdownx drops inline markers written directly inside a block.
            yield number, None
        elif match:
            yield number, _target(match["quoted"][1:-1])
        elif in_block:
            path = line.strip()
            yield number, None if path.startswith(";") else _target(path)


def _target(spec: str) -> str | None:
    """Return the local path a snippet names, or None for a URL or an empty path."""
    path = SELECTOR.match(spec.strip())["path"].strip()
    if not path or path.lower().startswith(URL_PREFIXES):
        return None
    return path
