"""Compare two step folders file by file and render the differences."""

import difflib
from dataclasses import dataclass
from pathlib import Path

from .tree import list_files

ADDED = "added"
CHANGED = "changed"
REMOVED = "removed"
NO_NEWLINE = "\\ No newline at end of file\n"
# Git's own heuristic: a NUL byte near the start means the file is binary.
BINARY_SNIFF_BYTES = 8000
# Each text file's diff opens with two header lines, `--- a/path` and `+++ b/path`.
HEADER_LINE_COUNT = 2


@dataclass(frozen=True)
class FileChange:
    """One file that differs between two steps, with its rendered diff."""

    path: str
    status: str
    binary: bool
    added: int
    removed: int
    diff: str


def compare(old_dir: Path | None, new_dir: Path) -> list[FileChange]:
    """Return the files that differ from old_dir to new_dir, sorted by path.

    With no old_dir, as for the first step, every file of new_dir counts as added.
    """
    old_files = set(list_files(old_dir)) if old_dir is not None else set()
    new_files = set(list_files(new_dir))
    changes = []
    for path in sorted(old_files | new_files):
        old = (old_dir / path).read_bytes() if path in old_files else None
        new = (new_dir / path).read_bytes() if path in new_files else None
        if old != new:
            changes.append(_change(path, old, new))
    return changes


def render_diff(changes: list[FileChange]) -> str:
    """Join the per-file diffs into one unified diff."""
    return "".join(change.diff for change in changes)


def hunk_lines(changes: list[FileChange]) -> dict[str, tuple[int, int]]:
    """Return where each text file's hunks lie in render_diff's output, as line numbers.

    The numbers are 1-based and inclusive, as a pymdownx.snippets line range
    (`file.diff:START:END`) wants them, and leave out the `---`/`+++` header lines.
    Binary files, and added or removed empty files, have no hunks and no entry.
    """
    spans = {}
    before = 0
    for change in changes:
        count = _snippet_line_count(change.diff)
        if count > HEADER_LINE_COUNT and not change.binary:
            spans[change.path] = (before + HEADER_LINE_COUNT + 1, before + count)
        before += count
    return spans


def render_table(changes: list[FileChange]) -> str:
    """Render a Markdown table of the changed files and their line counts."""
    if not changes:
        return "No files changed.\n"
    rows = ["| File | Change | Lines |", "| --- | --- | --- |"]
    for change in changes:
        lines = "binary" if change.binary else f"+{change.added} -{change.removed}"
        path = change.path.replace("|", "\\|")
        rows.append(f"| `{path}` | {change.status} | {lines} |")
    return "\n".join(rows) + "\n"


def _change(path: str, old: bytes | None, new: bytes | None) -> FileChange:
    """Describe how one file went from old to new content (None when absent)."""
    status = ADDED if old is None else REMOVED if new is None else CHANGED
    from_name = "/dev/null" if old is None else f"a/{path}"
    to_name = "/dev/null" if new is None else f"b/{path}"
    if _is_binary(old) or _is_binary(new):
        notice = f"Binary files {from_name} and {to_name} differ\n"
        return FileChange(path, status, binary=True, added=0, removed=0, diff=notice)
    body = list(
        difflib.unified_diff(_lines(old), _lines(new), from_name, to_name, n=3, lineterm="\n")
    )
    # difflib prints nothing for an empty new or removed file; the headers still show it.
    header = [f"--- {from_name}\n", f"+++ {to_name}\n"]
    hunks = body[2:]
    added = sum(1 for line in hunks if line.startswith("+"))
    removed = sum(1 for line in hunks if line.startswith("-"))
    diff = "".join(header + [_terminate(line) for line in hunks])
    return FileChange(path, status, binary=False, added=added, removed=removed, diff=diff)


def _is_binary(data: bytes | None) -> bool:
    """Tell whether file content cannot be shown as UTF-8 text."""
    if data is None:
        return False
    if b"\0" in data[:BINARY_SNIFF_BYTES]:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _lines(data: bytes | None) -> list[str]:
    """Split content into lines that keep their newline, splitting on newline only."""
    if not data:
        return []
    # str.splitlines also splits on form feeds and Unicode separators, which git does not.
    parts = data.decode("utf-8").split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _snippet_line_count(text: str) -> int:
    """Count lines as pymdownx.snippets does: it reads files with universal newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n")


def _terminate(line: str) -> str:
    """End a diff line with a newline, marking a file's missing final newline as git does."""
    return line if line.endswith("\n") else f"{line}\n{NO_NEWLINE}"
