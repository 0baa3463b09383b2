"""Test reading the YAML front matter subset of the step pages."""

import pytest

from tools.course_docs.frontmatter import Field, FrontMatterError, Item, parse


def test_step_and_changes_are_read_with_their_line_numbers():
    text = "---\nstep: 02_echo\nchanges:\n  - config/asgi.py\n  - echo/consumers.py\n---\n# Hi\n"

    fields = parse(text)

    assert fields == {
        "step": Field(2, "02_echo"),
        "changes": Field(3, [Item(4, "config/asgi.py"), Item(5, "echo/consumers.py")]),
    }


def test_page_without_front_matter_has_none():
    fields = parse("# Title\n\nstep: 01_a\n")

    assert fields is None


def test_front_matter_that_is_never_closed_is_an_error():
    with pytest.raises(FrontMatterError) as caught:
        parse("---\nstep: 01_a\n# Title\n")

    assert caught.value.line == 1
    assert "never closed" in caught.value.message


def test_quotes_comments_and_blank_lines_are_ignored():
    text = "---\n# which step\nstep: '02_b'  # the folder\n\nchanges:\n- \"a b.py\" # x\n...\n"

    fields = parse(text)

    assert fields["step"].value == "02_b"
    assert fields["changes"].value == [Item(6, "a b.py")]


@pytest.mark.parametrize("changes", ["changes:\n", "changes: []\n"])
def test_empty_changes_read_as_an_empty_list(changes):
    fields = parse(f"---\nstep: 02_b\n{changes}---\n")

    assert fields["changes"] == Field(3, [])


def test_other_yaml_shapes_are_kept_but_marked_unreadable():
    text = "---\nsocial:\n  cards: false\nchanges: [a.py, b.py]\nhide:\n  - toc\n---\n"

    fields = parse(text)

    assert fields["social"] == Field(2, None)
    assert fields["changes"] == Field(4, None)
    assert fields["hide"] == Field(5, [Item(6, "toc")])


def test_line_that_is_not_key_value_is_an_error_with_its_line():
    with pytest.raises(FrontMatterError) as caught:
        parse("---\nstep: 01_a\njust words\n---\n")

    assert caught.value.line == 3
