"""Check the course pages, step folders and generated files against each other."""

import posixpath
import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from . import frontmatter
from .fences import fenced_line_numbers, find_fences
from .generated import changes_by_step, stale_outputs
from .layout import (
    DOCS_DIR,
    STEPS_DIR,
    build_rel,
    generated_owner,
    list_steps,
    page_rel,
    relative,
    step_owner,
    step_pages,
)
from .problem import Problem
from .snippets import find_includes, snippet_line_numbers
from .words import BUDGET, PageWords, count_page

PYTHON_LANGUAGES = frozenset({"python", "py", "python3"})
BUILD_HEADING = "## Build it"
# An ATX heading of level 1 or 2 at the margin: where a page's `## Build it` section ends.
SECTION_END = re.compile(r"^#{1,2}(?:[ \t]|$)")
BUILD_HEADING_LINE = re.compile(r"^##[ \t]+Build it[ \t]*#*[ \t]*$")


def check_generated(root: Path) -> list[Problem]:
    """Report generated diffs and tables that are missing or stale."""
    return stale_outputs(root)


def check_foreign_includes(root: Path) -> list[Problem]:
    """Report step pages that include a file or generated diff of another step."""
    problems = []
    for page in step_pages(root):
        step = page.stem
        for include in find_includes(_read_lines(page)):
            target = posixpath.normpath(include.target)
            owner = step_owner(target) or generated_owner(target)
            if owner is None or owner == step:
                continue
            message = (
                f"includes {target}, which belongs to step {owner}; a page shows only its own "
                f"step, so include {_same_file_in(target, owner, step)} instead"
            )
            problems.append(Problem(relative(root, page), include.line, message))
    return problems


def check_pasted_python(root: Path) -> list[Problem]:
    """Report Python code blocks whose body is pasted code rather than snippet includes."""
    docs = root / DOCS_DIR
    pages = sorted(docs.rglob("*.md")) if docs.is_dir() else []
    problems = []
    for page in pages:
        lines = _read_lines(page)
        included = snippet_line_numbers(lines)
        for fence in find_fences(lines):
            if fence.language not in PYTHON_LANGUAGES:
                continue
            pasted = [n for n in fence.body if lines[n - 1].strip() and n not in included]
            if pasted:
                message = (
                    f"```{fence.language} block has pasted code (line {pasted[0]}); move the code "
                    'into a step file and include it with --8<-- "steps/<step>/<path>"'
                )
                problems.append(Problem(relative(root, page), fence.line, message))
    return problems


def check_identical_steps(root: Path) -> list[Problem]:
    """Report steps whose folder is the same as the previous step's."""
    changes = changes_by_step(root)
    return [
        Problem(
            f"{STEPS_DIR}/{step}",
            None,
            f"is identical to {STEPS_DIR}/{previous}; change at least one file or drop the step",
        )
        for previous, step in pairwise(list_steps(root))
        if not changes[step]
    ]


def check_declared_changes(root: Path) -> list[Problem]:
    """Report steps without pages, pages without steps, and wrong front matter."""
    steps = list_steps(root)
    changes = changes_by_step(root)
    problems = [
        Problem(f"{STEPS_DIR}/{step}", None, f"has no page; create {page_rel(step)}")
        for step in steps
        if not (root / page_rel(step)).is_file()
    ]
    for page in step_pages(root):
        rel = relative(root, page)
        step = page.stem
        if step not in steps:
            message = (
                f"has no step folder {STEPS_DIR}/{step}; rename the page after its step folder"
            )
            problems.append(Problem(rel, 1, message))
            continue
        # The first step has nothing before it, so it declares no changes.
        actual = None if step == steps[0] else {c.path: c.status for c in changes[step]}
        problems.extend(_front_matter_problems(rel, page, step, actual))
    return problems


def check_build_sections(root: Path) -> list[Problem]:
    """Report step pages whose `## Build it` section does not include their build snippet once."""
    steps = set(list_steps(root))
    problems = []
    for page in step_pages(root):
        # A page without a step folder has no snippet; check_declared_changes reports it.
        if page.stem in steps:
            problems.extend(_build_section_problems(relative(root, page), page.stem, page))
    return problems


def check_word_budgets(root: Path) -> list[Problem]:
    """Report step pages whose open prose is longer than a workshop slot allows."""
    problems = []
    for page in step_pages(root):
        words = count_page(root, page)
        if words.open > BUDGET:
            problems.append(Problem(relative(root, page), None, _over_budget(words)))
    return problems


CHECKS: tuple[Callable[[Path], list[Problem]], ...] = (
    check_generated,
    check_foreign_includes,
    check_pasted_python,
    check_identical_steps,
    check_declared_changes,
    check_build_sections,
    check_word_budgets,
)


def run_checks(root: Path) -> list[Problem]:
    """Run every check and return all problems found, in a stable order."""
    return [problem for check in CHECKS for problem in check(root)]


def _front_matter_problems(
    rel: str, page: Path, step: str, actual: dict[str, str] | None
) -> list[Problem]:
    """Compare a page's front matter with its step; actual is None for the first step."""
    try:
        fields = frontmatter.parse(page.read_text(encoding="utf-8", errors="replace"))
    except frontmatter.FrontMatterError as error:
        return [Problem(rel, error.line, error.message)]
    wanted = f"`step: {step}`" if actual is None else f"`step: {step}` and a `changes:` list"
    if fields is None:
        return [
            Problem(
                rel, 1, f"has no front matter; open the page with a `---` block holding {wanted}"
            )
        ]
    problems = _step_field_problems(rel, fields, step)
    declared = fields.get("changes")
    if actual is None:
        if declared is not None:
            message = "the first step has no previous step to change; remove `changes:`"
            problems.append(Problem(rel, declared.line, message))
        return problems
    if declared is None:
        message = (
            "front matter has no `changes:`; list the files this step changes, one `- path` each"
        )
        problems.append(Problem(rel, 1, message))
    elif not isinstance(declared.value, list):
        message = "`changes:` must be a list with one `- path` line per file"
        problems.append(Problem(rel, declared.line, message))
    else:
        problems.extend(_changes_problems(rel, step, declared, actual))
    return problems


def _step_field_problems(
    rel: str, fields: dict[str, frontmatter.Field], step: str
) -> list[Problem]:
    """Report a missing `step:` or one that differs from the page's file name."""
    declared = fields.get("step")
    if declared is None:
        return [Problem(rel, 1, f"front matter has no `step:`; add `step: {step}`")]
    if declared.value != step:
        message = f"`step:` does not match the file name; write `step: {step}`"
        return [Problem(rel, declared.line, message)]
    return []


def _changes_problems(
    rel: str, step: str, declared: frontmatter.Field, actual: dict[str, str]
) -> list[Problem]:
    """Report files changed but not listed, and files listed but not changed."""
    listed = {item.text: item.line for item in declared.value}
    problems = [
        Problem(rel, declared.line, f"step {step} {status} {path}; add `- {path}` to `changes:`")
        for path, status in sorted(actual.items())
        if path not in listed
    ]
    problems += [
        Problem(rel, line, f"`changes:` lists {path}, which step {step} does not change; remove it")
        for path, line in sorted(listed.items())
        if path not in actual
    ]
    return problems


def _build_section_problems(rel: str, step: str, page: Path) -> list[Problem]:
    """Check that one page has a `## Build it` section including its own snippet, once."""
    lines = _read_lines(page)
    snippet = build_rel(step)
    in_code = fenced_line_numbers(lines)
    headings = [n for n, line in _prose(lines, in_code) if BUILD_HEADING_LINE.match(line)]
    if not headings:
        message = (
            f"has no `{BUILD_HEADING}` section; add that heading, with the line "
            f'--8<-- "{snippet}" under it'
        )
        return [Problem(rel, None, message)]
    start = headings[0]
    end = next(
        (n for n, line in _prose(lines, in_code) if n > start and SECTION_END.match(line)),
        len(lines) + 1,
    )
    problems = [
        Problem(rel, n, f"has a second `{BUILD_HEADING}` heading (first at line {start}); keep one")
        for n in headings[1:]
    ]
    includes = [i.line for i in find_includes(lines) if posixpath.normpath(i.target) == snippet]
    inside = [n for n in includes if start < n < end]
    if not inside:
        message = (
            f"the `{BUILD_HEADING}` section does not include {snippet}; add the line "
            f'--8<-- "{snippet}" under the heading'
        )
        problems.append(Problem(rel, start, message))
    elif lines[inside[0] - 1][:1].isspace():
        message = (
            f"indents the include of {snippet}; start the line at the margin, so that no block "
            "hides the files to write"
        )
        problems.append(Problem(rel, inside[0], message))
    problems += [
        Problem(rel, n, f"includes {snippet} a second time (first at line {inside[0]}); remove it")
        for n in inside[1:]
    ]
    problems += [
        Problem(
            rel,
            n,
            f"includes {snippet} outside the `{BUILD_HEADING}` section (line {start}); "
            "include it in that section only",
        )
        for n in includes
        if not start < n < end
    ]
    return sorted(problems, key=lambda problem: problem.line or 0)


def _over_budget(words: PageWords) -> str:
    """Say how far a page is over its word budget, and which open sections to fold first."""
    biggest = ", ".join(
        f"`{section.heading}` ({section.open} words)" for section in words.biggest_open()
    )
    return (
        f"has {words.open} words of prose outside collapsed blocks, over the budget of "
        f"{BUDGET}; fold the why into `??? note` blocks or trim, starting with the biggest "
        f"open sections: {biggest}"
    )


def _prose(lines: list[str], in_code: set[int]) -> list[tuple[int, str]]:
    """Return the numbered lines that lie outside fenced blocks."""
    return [(n, line) for n, line in enumerate(lines, 1) if n not in in_code]


def _read_lines(page: Path) -> list[str]:
    """Return a page's lines, split on newlines only as Python-Markdown does."""
    return page.read_text(encoding="utf-8", errors="replace").split("\n")


def _same_file_in(target: str, owner: str, step: str) -> str:
    """Return the path of the same included file in another step."""
    if generated_owner(target) == owner:
        folder, _, name = target.rpartition("/")
        return f"{folder}/{step}{name[len(owner) :]}"
    return target.replace(f"{STEPS_DIR}/{owner}/", f"{STEPS_DIR}/{step}/", 1)
