"""Test the word budget: what counts as open prose on a step page, and the check and table."""

import pytest

from tools.course_docs.__main__ import main
from tools.course_docs.checks import check_word_budgets, run_checks
from tools.course_docs.words import BUDGET, count_lines, count_page


def _words(count, word="word"):
    """Return a line of prose of exactly count words."""
    return " ".join([word] * count)


def _count(text):
    """Count a page given as one string: return (open, collapsed)."""
    words = count_lines(text.split("\n"))
    return words.open, words.collapsed


def _page_with(repo, rel, body):
    """Append Markdown to a page of the fake repository."""
    repo.write(rel, repo.read(rel) + body)


# what counts


def test_plain_prose_and_headings_count_as_open():
    page = "# Title here\n\nOne two three.\n\n## Build it\n\n- four five\n1. six\n"

    assert _count(page) == (10, 0)


def test_a_collapsed_block_counts_as_collapsed_and_its_title_as_open():
    page = '??? note "Why it works"\n    One two three.\n\n    Four five.\n'

    assert _count(page) == (3, 5)


def test_a_block_open_by_default_counts_as_open():
    page = '???+ note "Why it works"\n    One two three.\n'

    assert _count(page) == (6, 0)


def test_admonitions_and_tabs_count_as_open():
    page = '!!! info "In one paragraph"\n    One two.\n\n=== "First tab"\n\n    Three.\n'

    assert _count(page) == (8, 0)


def test_a_collapsed_block_ends_at_the_first_line_back_at_its_margin():
    page = "??? note\n    Inside one two.\nOutside three four.\n"

    # pymdownx.details shows the type, "Note", as the title.
    assert _count(page) == (4, 3)


def test_blocks_nested_in_a_collapsed_block_are_collapsed_too():
    page = (
        '??? note "Outer"\n'
        "    One.\n"
        "\n"
        '    !!! warning "Inner"\n'
        "        Two three.\n"
        "\n"
        '    ???+ tip "Inner open"\n'
        "        Four.\n"
    )

    assert _count(page) == (1, 7)


def test_a_collapsed_block_inside_an_admonition_hides_only_its_own_content():
    page = '!!! tip "Open"\n    One.\n\n    ??? note "Folded"\n        Two three.\n\n    Four.\n'

    assert _count(page) == (4, 2)


def test_code_blocks_count_nothing_open_or_collapsed():
    page = (
        "Lead words.\n"
        "\n"
        "```python\n"
        "import os  # many words of code here\n"
        "```\n"
        "\n"
        '??? note "Code"\n'
        "    ```text\n"
        "    more code words\n"
        "    ```\n"
        "\n"
        "    ~~~console\n"
        "    $ echo words\n"
        "    ~~~\n"
    )

    assert _count(page) == (3, 0)


def test_html_comments_count_nothing():
    page = "One <!-- hidden words --> two.\n<!-- a comment\nover lines -->\nthree\n"

    assert _count(page) == (3, 0)


def test_markup_counts_as_the_words_a_reader_sees():
    page = (
        "See [the origin check](../troubleshooting.md#origin-403) and <https://example.com>.\n"
        '![A screenshot with a long alt text](shot.png){ width="49%" }\n'
        "Run `nox -s check` now.\n"
        "## A heading { #anchor }\n"
    )

    # 6 for the link line, none for the image, 5 for the command, 2 for the heading.
    assert _count(page) == (13, 0)


def test_table_cells_count_and_their_rules_do_not():
    page = "| File | Change |\n| --- | ---: |\n| `config/asgi.py` | added |\n"

    assert _count(page) == (4, 0)


def test_punctuation_alone_is_not_a_word():
    page = "One — two → three · 4\n"

    assert _count(page) == (4, 0)


def test_front_matter_and_snippet_lines_count_nothing(repo):
    repo.write(
        "docs/steps/02_b.md",
        "---\nstep: 02_b\nchanges:\n  - config/asgi.py\n---\n# Echo\n\n"
        '```diff\n--8<-- "docs/generated/02_b.diff"\n```\n\n'
        "--8<--\nsteps/02_b/manage.py\n--8<--\n",
    )

    words = count_page(repo.root, repo.root / "docs/steps/02_b.md")

    assert (words.open, words.collapsed) == (1, 0)


# includes


def test_an_included_markdown_snippet_counts_where_it_is_included(repo):
    repo.write("docs/exercises/01_a.md", f"## Exercises\n\n{_words(7)}\n")
    repo.write("docs/steps/01_a.md", '# Title\n\n--8<-- "docs/exercises/01_a.md"\n')

    words = count_page(repo.root, repo.root / "docs/steps/01_a.md")

    assert (words.open, words.collapsed) == (9, 0)
    assert [(s.heading, s.open) for s in words.sections] == [("# Title", 1), ("## Exercises", 8)]


def test_a_markdown_snippet_included_in_a_collapsed_block_counts_as_collapsed(repo):
    repo.write("docs/generated/01_a.files.md", f"{_words(6)}\n")
    repo.write(
        "docs/steps/01_a.md",
        '??? note "What changed"\n    --8<-- "docs/generated/01_a.files.md"\n',
    )

    words = count_page(repo.root, repo.root / "docs/steps/01_a.md")

    assert (words.open, words.collapsed) == (2, 6)


def test_included_code_and_markdown_shown_as_code_count_nothing(repo):
    repo.write("steps/01_a/manage.py", f"# {_words(20)}\n")
    repo.write("docs/exercises/01_a.md", f"{_words(20)}\n")
    repo.write(
        "docs/steps/01_a.md",
        '```python\n--8<-- "steps/01_a/manage.py"\n```\n\n'
        '````markdown\n--8<-- "docs/exercises/01_a.md"\n````\n\n'
        '--8<-- "steps/01_a/manage.py"\n',
    )

    words = count_page(repo.root, repo.root / "docs/steps/01_a.md")

    assert (words.open, words.collapsed) == (0, 0)


def test_a_snippet_that_includes_itself_is_counted_once(repo):
    repo.write("docs/steps/01_a.md", 'Two words.\n\n--8<-- "docs/steps/01_a.md"\n')

    words = count_page(repo.root, repo.root / "docs/steps/01_a.md")

    assert words.open == 2


def test_a_missing_snippet_counts_nothing(repo):
    repo.write("docs/steps/01_a.md", 'Two words.\n\n--8<-- "docs/exercises/missing.md"\n')

    words = count_page(repo.root, repo.root / "docs/steps/01_a.md")

    assert words.open == 2


def test_the_build_snippet_counts_and_its_tests_note_is_collapsed(clean_repo):
    words = count_page(clean_repo.root, clean_repo.root / "docs/steps/01_a.md")
    build = {section.heading: section for section in words.sections}["## Build it"]
    snippet = count_lines(clean_repo.read("docs/generated/01_a.build.md").split("\n"))

    assert snippet.open > 0
    assert snippet.collapsed > 0
    # The heading's two words, then the snippet as the page renders it.
    assert (build.open, build.collapsed) == (2 + snippet.open, snippet.collapsed)


# the check


def test_a_page_under_the_budget_passes(clean_repo):
    _page_with(clean_repo, "docs/steps/02_b.md", f"\n{_words(BUDGET // 2)}\n")

    problems = check_word_budgets(clean_repo.root)

    assert problems == []


def test_a_page_at_the_budget_passes_and_one_word_more_fails(clean_repo):
    open_words = count_page(clean_repo.root, clean_repo.root / "docs/steps/02_b.md").open
    _page_with(clean_repo, "docs/steps/02_b.md", f"\n{_words(BUDGET - open_words)}\n")
    assert check_word_budgets(clean_repo.root) == []

    _page_with(clean_repo, "docs/steps/02_b.md", "\nMore.\n")

    assert [problem.path for problem in check_word_budgets(clean_repo.root)] == [
        "docs/steps/02_b.md"
    ]


def test_a_page_over_the_budget_fails_naming_its_count_and_biggest_sections(clean_repo):
    base = count_page(clean_repo.root, clean_repo.root / "docs/steps/02_b.md").open
    _page_with(
        clean_repo,
        "docs/steps/02_b.md",
        f"\n## Run it\n\n{_words(900)}\n\n### Why it works\n\n{_words(700)}\n",
    )

    # The page's new length also makes the generated agenda stale: leave that out.
    problems = [str(p) for p in run_checks(clean_repo.root) if p.path.startswith("docs/steps/")]

    total = base + 2 + 900 + 3 + 700
    assert problems == [
        f"docs/steps/02_b.md: has {total} words of prose outside collapsed blocks, over the "
        f"budget of {BUDGET}; fold the why into `??? note` blocks or trim, starting with the "
        "biggest open sections: `## Run it` (902 words), `### Why it works` (703 words), "
        f"`## Build it` ({_section_words(clean_repo, '## Build it')} words)"
    ]


def test_folding_the_why_brings_the_page_back_under_the_budget(clean_repo):
    folded = "\n".join(f"    {line}" for line in [_words(1000)] * 2)
    _page_with(clean_repo, "docs/steps/02_b.md", f'\n??? note "Why it works"\n{folded}\n')

    problems = check_word_budgets(clean_repo.root)

    assert problems == []


def test_an_open_by_default_block_does_not_escape_the_budget(clean_repo):
    _page_with(clean_repo, "docs/steps/02_b.md", f'\n???+ note "Why"\n    {_words(BUDGET)}\n')

    problems = check_word_budgets(clean_repo.root)

    assert len(problems) == 1
    assert "`## Build it`" in problems[0].message


def test_an_included_snippet_can_put_a_page_over_the_budget(clean_repo):
    clean_repo.write("docs/exercises/02_b.md", f"## Exercises\n\n{_words(BUDGET)}\n")
    _page_with(clean_repo, "docs/steps/02_b.md", '\n--8<-- "docs/exercises/02_b.md"\n')

    problems = check_word_budgets(clean_repo.root)

    assert len(problems) == 1
    assert "`## Exercises` (1501 words)" in problems[0].message


# the words command


def test_words_prints_a_markdown_table_of_every_step_page(clean_repo, capsys):
    _page_with(clean_repo, "docs/steps/02_b.md", f"\n??? note\n    {_words(30)}\n")
    pages = {
        rel: count_page(clean_repo.root, clean_repo.root / rel)
        for rel in ("docs/steps/01_a.md", "docs/steps/02_b.md")
    }

    status = main(["--root", str(clean_repo.root), "words"])

    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert lines[:2] == [
        "| Page | Open words | Collapsed words | Minutes at 200 words a minute |",
        "| --- | ---: | ---: | ---: |",
    ]
    assert lines[2:] == [
        f"| `{rel}` | {words.open} | {words.collapsed} | {words.open / 200:.1f} |"
        for rel, words in pages.items()
    ]
    assert pages["docs/steps/02_b.md"].collapsed >= 30


@pytest.mark.parametrize(("words", "minutes"), [(200, 1.0), (1500, 7.5), (0, 0.0)])
def test_reading_minutes_are_at_two_hundred_words_a_minute(words, minutes):
    page = count_lines([_words(words)])

    assert page.minutes == minutes


def _section_words(repo, heading):
    """Return the open words of one section of page 02_b."""
    words = count_page(repo.root, repo.root / "docs/steps/02_b.md")
    return {section.heading: section.open for section in words.sections}[heading]
