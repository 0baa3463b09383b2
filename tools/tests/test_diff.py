"""Test the per-step unified diff and the table of changed files."""

import shutil
import subprocess

import pytest

from tools.course_docs.diff import compare, hunk_lines, render_diff, render_table


def _compare(repo):
    """Compare the fake repository's two steps."""
    return compare(repo.root / "steps/01_a", repo.root / "steps/02_b")


def test_changed_file_gets_git_style_headers_and_three_lines_of_context(repo):
    old = "".join(f"line {n}\n" for n in range(1, 11))
    repo.write("steps/01_a/config/asgi.py", old)
    repo.write("steps/02_b/config/asgi.py", old.replace("line 5\n", "line five\n"))

    diff = render_diff(_compare(repo))

    assert diff == (
        "--- a/config/asgi.py\n"
        "+++ b/config/asgi.py\n"
        "@@ -2,7 +2,7 @@\n"
        " line 2\n line 3\n line 4\n"
        "-line 5\n"
        "+line five\n"
        " line 6\n line 7\n line 8\n"
    )


def test_added_file_is_diffed_against_dev_null(repo):
    repo.write("steps/01_a/manage.py", "")
    repo.write("steps/02_b/manage.py", "")
    repo.write("steps/02_b/echo/consumers.py", "a = 1\nb = 2\n")

    diff = render_diff(_compare(repo))

    assert diff == "--- /dev/null\n+++ b/echo/consumers.py\n@@ -0,0 +1,2 @@\n+a = 1\n+b = 2\n"


def test_removed_file_is_diffed_to_dev_null(repo):
    repo.write("steps/01_a/old.py", "gone = True\n")
    repo.write("steps/02_b/manage.py", "")

    changes = _compare(repo)

    assert [(c.path, c.status) for c in changes] == [("manage.py", "added"), ("old.py", "removed")]
    assert "--- a/old.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone = True\n" in render_diff(changes)


def test_empty_added_file_still_appears_in_diff(repo):
    repo.write("steps/01_a/manage.py", "")
    repo.write("steps/02_b/manage.py", "")
    repo.write("steps/02_b/echo/__init__.py", "")

    diff = render_diff(_compare(repo))

    assert diff == "--- /dev/null\n+++ b/echo/__init__.py\n"


def test_missing_final_newline_is_marked_as_git_does(repo):
    repo.write("steps/01_a/a.py", "x = 1")
    repo.write("steps/02_b/a.py", "x = 1\n")

    diff = render_diff(_compare(repo))

    assert diff.endswith("-x = 1\n\\ No newline at end of file\n+x = 1\n")


def test_files_are_diffed_in_sorted_order(repo):
    for name in ("b.py", "a/z.py", "a.py"):
        repo.write(f"steps/02_b/{name}", "new\n")
    repo.write("steps/01_a/manage.py", "")

    changes = _compare(repo)

    assert [c.path for c in changes] == ["a.py", "a/z.py", "b.py", "manage.py"]


def test_unchanged_files_are_left_out(repo):
    repo.write("steps/01_a/same.py", "same\n")
    repo.write("steps/02_b/same.py", "same\n")
    repo.write("steps/01_a/other.py", "one\n")
    repo.write("steps/02_b/other.py", "two\n")

    changes = _compare(repo)

    assert [c.path for c in changes] == ["other.py"]


def test_binary_file_is_listed_but_not_diffed(repo):
    repo.write("steps/01_a/manage.py", "")
    repo.write("steps/02_b/manage.py", "")
    repo.write_bytes("steps/02_b/pages/static/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")

    changes = _compare(repo)

    assert [(c.path, c.status, c.binary) for c in changes] == [
        ("pages/static/logo.png", "added", True)
    ]
    assert render_diff(changes) == "Binary files /dev/null and b/pages/static/logo.png differ\n"
    assert "| `pages/static/logo.png` | added | binary |" in render_table(changes)


def test_without_an_old_folder_every_file_counts_as_added(repo):
    repo.write("steps/01_a/manage.py", "print('manage')\n")
    repo.write("steps/01_a/config/__init__.py", "")

    changes = compare(None, repo.root / "steps/01_a")

    assert [(c.path, c.status) for c in changes] == [
        ("config/__init__.py", "added"),
        ("manage.py", "added"),
    ]


def test_hunk_lines_point_at_each_files_hunks_below_its_headers(repo):
    repo.write("steps/01_a/a.py", "a\n")
    repo.write("steps/02_b/a.py", "A\n")
    repo.write("steps/02_b/b/__init__.py", "")
    repo.write("steps/02_b/c.py", "c\n")
    changes = _compare(repo)
    lines = render_diff(changes).split("\n")

    spans = hunk_lines(changes)

    assert spans == {"a.py": (3, 5), "c.py": (10, 11)}
    assert lines[2:5] == ["@@ -1 +1 @@", "-a", "+A"]
    assert lines[9:11] == ["@@ -0,0 +1 @@", "+c"]


def test_hunk_lines_count_lines_as_pymdownx_snippets_reads_the_diff(repo):
    # A lone carriage return ends a line for Python's universal newlines, as snippets reads.
    repo.write("steps/01_a/a.py", "one\rtwo\n")
    repo.write("steps/02_b/a.py", "ONE\rtwo\n")
    repo.write("steps/01_a/b.py", "b\n")
    repo.write("steps/02_b/b.py", "B\n")
    changes = _compare(repo)
    path = repo.write("steps.diff", render_diff(changes))
    with path.open(encoding="utf-8") as universal:
        lines = universal.read().split("\n")

    start, end = hunk_lines(changes)["b.py"]

    assert lines[start - 1 : end] == ["@@ -1 +1 @@", "-b", "+B"]


def test_table_lists_each_file_with_status_and_line_counts(repo):
    repo.write("steps/01_a/config/asgi.py", "a\nb\nc\n")
    repo.write("steps/02_b/config/asgi.py", "a\nB\nc\nd\n")
    repo.write("steps/02_b/echo/consumers.py", "1\n2\n3\n")
    repo.write("steps/01_a/old.py", "x\ny\n")

    table = render_table(_compare(repo))

    assert table == (
        "| File | Change | Lines |\n"
        "| --- | --- | --- |\n"
        "| `config/asgi.py` | changed | +2 -1 |\n"
        "| `echo/consumers.py` | added | +3 -0 |\n"
        "| `old.py` | removed | +0 -2 |\n"
    )


def test_table_for_identical_steps_says_nothing_changed(repo):
    repo.write("steps/01_a/manage.py", "same\n")
    repo.write("steps/02_b/manage.py", "same\n")

    table = render_table(_compare(repo))

    assert table == "No files changed.\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")
def test_diff_applies_with_git_to_turn_one_step_into_the_next(repo, tmp_path):
    repo.write("steps/01_a/keep.py", "".join(f"{n}\n" for n in range(30)))
    repo.write("steps/02_b/keep.py", "".join(f"{n * 2}\n" for n in range(30)))
    repo.write("steps/01_a/gone.py", "bye\n")
    repo.write("steps/02_b/new/module.py", "hello\nno newline")
    patch = repo.write("patch.diff", render_diff(_compare(repo)))
    work = tmp_path / "work"
    shutil.copytree(repo.root / "steps/01_a", work)

    subprocess.run(["git", "apply", str(patch)], cwd=work, check=True)

    files = sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file())
    assert files == ["keep.py", "new/module.py"]
    for name in files:
        assert (work / name).read_bytes() == (repo.root / "steps/02_b" / name).read_bytes()
