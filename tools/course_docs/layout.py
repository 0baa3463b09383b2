"""Locate the steps, their pages and their generated files in a course repository."""

from pathlib import Path

from .tree import is_skipped

STEPS_DIR = "steps"
DOCS_DIR = "docs"
PAGES_DIR = "docs/steps"
GENERATED_DIR = "docs/generated"
# The workshop agenda, worked out from every step; docs/facilitator.md includes it.
AGENDA_REL = f"{GENERATED_DIR}/agenda.md"
DIFF_SUFFIX = ".diff"
TABLE_SUFFIX = ".files.md"
BUILD_SUFFIX = ".build.md"


def list_steps(root: Path) -> list[str]:
    """Return the step folder names in course order."""
    folder = root / STEPS_DIR
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not is_skipped(p.name))


def step_pages(root: Path) -> list[Path]:
    """Return the step pages, sorted by name."""
    folder = root / PAGES_DIR
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def step_dir(root: Path, step: str) -> Path:
    """Return the folder holding a step's project."""
    return root / STEPS_DIR / step


def page_rel(step: str) -> str:
    """Return the repository path of a step's page."""
    return f"{PAGES_DIR}/{step}.md"


def diff_rel(step: str) -> str:
    """Return the repository path of a step's generated diff."""
    return f"{GENERATED_DIR}/{step}{DIFF_SUFFIX}"


def table_rel(step: str) -> str:
    """Return the repository path of a step's generated table of changed files."""
    return f"{GENERATED_DIR}/{step}{TABLE_SUFFIX}"


def build_rel(step: str) -> str:
    """Return the repository path of a step's generated "Build it" snippet."""
    return f"{GENERATED_DIR}/{step}{BUILD_SUFFIX}"


def generated_owner(rel: str) -> str | None:
    """Return the step a generated-file path belongs to, or None for any other path."""
    folder, _, name = rel.rpartition("/")
    if folder != GENERATED_DIR:
        return None
    for suffix in (DIFF_SUFFIX, TABLE_SUFFIX, BUILD_SUFFIX):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None


def step_owner(rel: str) -> str | None:
    """Return the step folder a repository path lies in, or None outside steps/."""
    parts = rel.split("/")
    if len(parts) >= 3 and parts[0] == STEPS_DIR:
        return parts[1]
    return None


def relative(root: Path, path: Path) -> str:
    """Return a path as a POSIX path relative to the repository root."""
    return path.relative_to(root).as_posix()
