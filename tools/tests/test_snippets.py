"""Test finding pymdownx.snippets includes in a page."""

import pytest

from tools.course_docs.snippets import Include, find_includes, snippet_line_numbers


@pytest.mark.parametrize(
    "line",
    [
        '--8<-- "steps/03_routing/rooms/consumers.py"',
        '--8<-- "steps/03_routing/rooms/consumers.py:connect"',
        "--8<-- 'steps/03_routing/rooms/consumers.py:3:9'",
        '    --8<-- "steps/03_routing/rooms/consumers.py:1:3,7:9"',
        '-8<- "steps/03_routing/rooms/consumers.py"',
    ],
)
def test_inline_include_yields_the_path_without_its_selector(line):
    includes = find_includes(["text", line])

    assert includes == [Include(2, "steps/03_routing/rooms/consumers.py")]


def test_block_include_yields_each_path_and_skips_comments():
    lines = ["--8<--", "steps/01_a/a.py", "", ";steps/01_a/skipped.py", "steps/01_a/b.py", "--8<--"]

    includes = find_includes(lines)

    assert includes == [Include(2, "steps/01_a/a.py"), Include(5, "steps/01_a/b.py")]


@pytest.mark.parametrize(
    "line",
    [
        ';--8<-- "steps/01_a/a.py"',
        '--8<-- "steps/01_a/a.py" ',
        '--8<-- "https://example.com/a.py"',
        'See --8<-- "steps/01_a/a.py"',
    ],
)
def test_escaped_url_and_mid_line_markers_are_not_includes(line):
    includes = find_includes([line])

    assert includes == []


def test_lines_after_a_block_closes_are_plain_text():
    lines = ["--8<--", "steps/01_a/a.py", "--8<--", "steps/01_a/not_included.py"]

    includes = find_includes(lines)

    assert includes == [Include(2, "steps/01_a/a.py")]


def test_snippet_line_numbers_cover_markers_paths_and_inline_includes():
    lines = ['--8<-- "x.py"', "code = 1", "--8<--", "y.py", "--8<--", "more = 2"]

    numbers = snippet_line_numbers(lines)

    assert numbers == {1, 3, 4, 5}
