"""Test finding fenced code blocks and their language."""

import pytest

from tools.course_docs.fences import Fence, find_fences


@pytest.mark.parametrize(
    ("opening", "language"),
    [
        ("```python", "python"),
        ("``` py", "py"),
        ('```python3 title="rooms/consumers.py"', "python3"),
        ("```{ .python }", "python"),
        ("```{.py title='x .js' linenums=\"1\"}", "py"),
        ("```.python", "python"),
        ("~~~Python", "python"),
        ("```", ""),
        ("```diff", "diff"),
    ],
)
def test_fence_language_is_read_from_the_info_string(opening, language):
    fence = opening[:3]

    fences = find_fences([opening, "body", fence])

    assert fences == [Fence(1, language, range(2, 3))]


def test_indented_fence_inside_an_admonition_is_found():
    lines = ["!!! note", "", "    ```python", "    x = 1", "    ```", "after"]

    fences = find_fences(lines)

    assert fences == [Fence(3, "python", range(4, 5))]


def test_shorter_fence_inside_a_longer_one_is_part_of_its_body():
    lines = ["````markdown", "```python", "x = 1", "```", "````"]

    fences = find_fences(lines)

    assert fences == [Fence(1, "markdown", range(2, 5))]


def test_tilde_fence_is_not_closed_by_backticks():
    lines = ["~~~python", "```", "x = 1", "~~~"]

    fences = find_fences(lines)

    assert fences == [Fence(1, "python", range(2, 4))]


def test_triple_backticks_inside_a_line_are_not_a_fence():
    fences = find_fences(["```python``` is inline code", "x = 1"])

    assert fences == []


def test_unclosed_fence_runs_to_the_end_of_the_page():
    fences = find_fences(["text", "```python", "x = 1", "y = 2"])

    assert fences == [Fence(2, "python", range(3, 5))]
