"""Count the words of prose a step page shows open, and those it folds away.

A step page must fit a workshop slot: a learner reads its open prose, and opens a
collapsed block only when they want the why. The count follows what the built site
shows, line by line, as Python-Markdown and the pymdownx extensions read the page:

- Front matter, fenced code blocks and HTML comments are not prose: they count nothing.
- A `???` block (pymdownx.details, closed by default) holds every following line that is
  blank or indented at least four columns past its marker. Its words count as collapsed,
  and so does every block nested in it. Its title stays on the page, open.
- `???+` blocks start open, and `!!!` admonitions and `===` tabs cannot close: their
  words count as open. (Only one tab shows at a time, but choosing one is part of the
  path, not a detour from it.)
- Headings count, and so do tables: every cell's words, as the page shows them.
- A pymdownx.snippets include of a `.md` file outside a code block renders as Markdown
  in its place, so it is read at the include's indentation and counted, recursively, as
  a whole file: a line or section selector on a `.md` include is not applied. An include
  of any other file is code, and counts nothing.

A word is a run of non-blank characters with at least one letter or digit, once links
are reduced to their text and images, HTML tags and attribute lists are dropped. Each
word belongs to the section of the heading above it, whatever the heading's level, so
that an author sees which part of a page to fold.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .fences import fenced_line_numbers
from .layout import relative, step_pages
from .snippets import find_includes, snippet_line_numbers

# The most prose words a step page may show open: about seven minutes at 200 words a minute.
BUDGET = 1500
WORDS_PER_MINUTE = 200
TAB_SIZE = 4
# Python-Markdown's tab_length: how far a block's content sits past its marker.
BLOCK_INDENT = 4
MARKDOWN_SUFFIX = ".md"

FRONT_MATTER = "---"
FRONT_MATTER_CLOSERS = ("---", "...")
HEADING = re.compile(r"^(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
# `???` and `???+` (pymdownx.details), `!!!` (admonition), `===` (pymdownx.tabbed).
MARKER = re.compile(r"^(?P<kind>\?\?\?\+?|!!!|===\+?)(?:[ \t]+(?P<rest>.*))?$")
QUOTED_TITLE = re.compile(r'"(?P<title>[^"]*)"')
LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+")
BLOCKQUOTE = re.compile(r"^(?:>[ \t]?)+")
INLINE_CODE = re.compile(r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)")
AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto):[^>\s]+)>")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
ATTR_LIST = re.compile(r"\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=)[^{}]*\}")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
COMMENT_OPEN = "<!--"
COMMENT_CLOSE = "-->"
WORD = re.compile(r"\S+")
HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


@dataclass
class Section:
    """The words under one heading, up to the next heading of any level."""

    heading: str
    open: int = 0
    collapsed: int = 0


@dataclass
class PageWords:
    """A page's prose words, open and collapsed, section by section."""

    sections: list[Section] = field(default_factory=list)

    @property
    def open(self) -> int:
        """Return the words a reader sees without opening anything."""
        return sum(section.open for section in self.sections)

    @property
    def collapsed(self) -> int:
        """Return the words inside collapsed blocks."""
        return sum(section.collapsed for section in self.sections)

    @property
    def minutes(self) -> float:
        """Return the minutes the open prose takes to read at WORDS_PER_MINUTE."""
        return self.open / WORDS_PER_MINUTE

    def biggest_open(self, count: int = 3) -> list[Section]:
        """Return the sections with the most open words, biggest first."""
        ranked = sorted(self.sections, key=lambda section: section.open, reverse=True)
        return [section for section in ranked[:count] if section.open]


def words_table(root: Path) -> str:
    """Return a Markdown table of each step page's prose: open, collapsed, minutes to read."""
    rows = [
        f"| Page | Open words | Collapsed words | Minutes at {WORDS_PER_MINUTE} words a minute |",
        "| --- | ---: | ---: | ---: |",
    ]
    for page in step_pages(root):
        words = count_page(root, page)
        rows.append(
            f"| `{relative(root, page)}` | {words.open} | {words.collapsed} | {words.minutes:.1f} |"
        )
    return "\n".join(rows)


def count_page(root: Path, page: Path) -> PageWords:
    """Count the prose words of one page, with its Markdown includes expanded."""
    lines = _without_front_matter(_read_lines(page))
    return count_lines(_expand(root, lines, {page.resolve()}))


def count_lines(lines: list[str]) -> PageWords:
    """Count the prose words of a page's lines, whose includes are already expanded."""
    code = fenced_line_numbers(lines)
    words = PageWords([Section("(before the first heading)")])
    # The content indentation of each open `???` block, innermost last.
    folds: list[int] = []
    in_comment = False
    for number, raw in enumerate(lines, start=1):
        line = raw.expandtabs(TAB_SIZE)
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        while folds and indent < folds[-1]:
            folds.pop()
        if number in code:
            continue
        text, in_comment = _strip_comments(line.strip(), in_comment)
        if not text:
            continue
        collapsed = bool(folds)
        heading = HEADING.match(text) if indent < BLOCK_INDENT else None
        if heading and not folds:
            title = CLOSING_HASHES.sub("", heading["text"] or "")
            words.sections.append(Section(f"{heading['hashes']} {_plain(title)}".rstrip()))
            _add(words, _count(title), collapsed=False)
            continue
        marker = MARKER.match(text)
        if marker:
            # A block's title shows wherever the block itself shows.
            _add(words, _count(_title(marker["rest"] or "")), collapsed=collapsed)
            if marker["kind"] == "???":
                folds.append(indent + BLOCK_INDENT)
            continue
        _add(words, _count(text), collapsed=collapsed)
    if not words.sections[0].open and not words.sections[0].collapsed:
        words.sections.pop(0)
    return words


def _expand(root: Path, lines: list[str], seen: set[Path]) -> list[str]:
    """Replace each Markdown include outside code with the lines it renders as.

    Other include lines are dropped: outside a code block they are never prose. seen holds
    the files already being expanded, so that a file including itself stops there.
    """
    code = fenced_line_numbers(lines)
    snippet_lines = snippet_line_numbers(lines) - code
    targets = {include.line: include.target for include in find_includes(lines)}
    expanded = []
    for number, line in enumerate(lines, start=1):
        if number not in snippet_lines:
            expanded.append(line)
            continue
        target = targets.get(number)
        path = (root / target).resolve() if target else None
        if path is None or not target.endswith(MARKDOWN_SUFFIX) or path in seen:
            expanded.append("")
            continue
        if not path.is_file():
            # mkdocs reports a missing snippet itself (check_paths); nothing to count here.
            expanded.append("")
            continue
        indent = line[: len(line) - len(line.lstrip())]
        inner = _expand(root, _read_lines(path), seen | {path})
        expanded += [indent + inner_line if inner_line else "" for inner_line in inner]
    return expanded


def _without_front_matter(lines: list[str]) -> list[str]:
    """Blank out a page's front matter, keeping its line numbers."""
    if not lines or lines[0].lstrip("\ufeff").rstrip() != FRONT_MATTER:
        return lines
    for end, line in enumerate(lines[1:], start=1):
        if line.rstrip() in FRONT_MATTER_CLOSERS:
            return [""] * (end + 1) + lines[end + 1 :]
    return lines


def _strip_comments(text: str, in_comment: bool) -> tuple[str, bool]:
    """Remove HTML comments from a line; return what is left and whether one stays open."""
    kept = []
    while text:
        if in_comment:
            end = text.find(COMMENT_CLOSE)
            if end < 0:
                return "".join(kept).strip(), True
            text = text[end + len(COMMENT_CLOSE) :]
            in_comment = False
        else:
            start = text.find(COMMENT_OPEN)
            if start < 0:
                kept.append(text)
                break
            kept.append(text[:start] + " ")
            text = text[start + len(COMMENT_OPEN) :]
            in_comment = True
    return "".join(kept).strip(), in_comment


def _title(rest: str) -> str:
    """Return the title a block marker shows: its quoted title, or else its type."""
    quoted = QUOTED_TITLE.search(rest)
    if quoted:
        return quoted["title"]
    # pymdownx.details and admonition show the first type, capitalised, as the title.
    return rest.split()[0] if rest.split() else ""


def _plain(text: str) -> str:
    """Return a heading's text without its attribute list, as an author would name it."""
    return ATTR_LIST.sub("", text).strip()


def _count(text: str) -> int:
    """Count the words of one line of prose, its Markdown syntax left out."""
    text = BLOCKQUOTE.sub("", text)
    text = LIST_ITEM.sub("", text)
    words = 0
    # Inline code first: a backtick span may hold brackets, braces or angle brackets.
    for span in INLINE_CODE.finditer(text):
        words += _tokens(span["code"])
    text = INLINE_CODE.sub(" ", text)
    text = AUTOLINK.sub(r" \g<url> ", text)
    text = IMAGE.sub(" ", text)
    text = LINK.sub(r"\g<text>", text)
    text = ATTR_LIST.sub(" ", text)
    text = HTML_TAG.sub(" ", text)
    return words + _tokens(text)


def _tokens(text: str) -> int:
    """Count the runs of non-blank characters that hold a letter or a digit."""
    return sum(1 for token in WORD.findall(text) if HAS_LETTER_OR_DIGIT.search(token))


def _add(words: PageWords, count: int, *, collapsed: bool) -> None:
    """Add words to the current section."""
    section = words.sections[-1]
    if collapsed:
        section.collapsed += count
    else:
        section.open += count


def _read_lines(path: Path) -> list[str]:
    """Return a file's lines, split on newlines only as Python-Markdown does."""
    return path.read_text(encoding="utf-8", errors="replace").split("\n")
