"""Test the generated "Build it" snippets: every file a step touches, shown for a learner."""

import re

from tools.course_docs.checks import check_pasted_python
from tools.course_docs.fences import find_fences
from tools.course_docs.generated import stale_outputs, write_outputs
from tools.course_docs.snippets import snippet_line_numbers

RANGE = re.compile(r'--8<-- "docs/generated/02_b\.diff:(\d+):(\d+)"')
CHECK_02_B = "../channels-course/.venv/bin/nox -f ../channels-course/noxfile.py -s check -- 02_b ."


def _steps(repo, first, second=None):
    """Write a first step and, if given, a second one, each from a {path: text} map."""
    for step, files in (("01_a", first), ("02_b", second or {})):
        for rel, text in files.items():
            repo.write(f"steps/{step}/{rel}", text)


def _snippet(repo, step):
    """Generate every output and return one step's build snippet."""
    write_outputs(repo.root)
    return repo.read(f"docs/generated/{step}.build.md")


def _hunks_of(diff, path):
    """Return one file's part of a generated diff, without its two header lines."""
    lines = diff.split("\n")
    start = lines.index(f"--- a/{path}") + 2
    end = next((n for n in range(start, len(lines)) if lines[n].startswith("--- ")), len(lines))
    return "\n".join(lines[start:end]).rstrip("\n")


def test_a_file_newly_added_to_a_step_appears_in_its_snippet(clean_repo):
    clean_repo.write("steps/02_b/echo/routing.py", "websocket_urlpatterns = []\n")

    stale = [str(problem) for problem in stale_outputs(clean_repo.root)]
    snippet = _snippet(clean_repo, "02_b")

    assert (
        "docs/generated/02_b.build.md: is out of date with steps/; run `nox -s diffs` to refresh it"
    ) in stale
    assert (
        '```python title="echo/routing.py"\n--8<-- "steps/02_b/echo/routing.py"\n```'
    ) in snippet


def test_snippet_shows_new_files_whole_and_changed_files_in_two_tabs(clean_repo):
    snippet = clean_repo.read("docs/generated/02_b.build.md")

    assert snippet == (
        "Do all of this in your own project folder, `mysite`.\n"
        "\n"
        "Create these files:\n"
        "\n"
        '```python title="echo/consumers.py"\n'
        '--8<-- "steps/02_b/echo/consumers.py"\n'
        "```\n"
        "\n"
        "Change these files. The first tab shows what changes, the second the whole file.\n"
        "\n"
        "**`config/asgi.py`**\n"
        "\n"
        '=== "The changes"\n'
        "\n"
        "    ```diff\n"
        '    --8<-- "docs/generated/02_b.diff:3:5"\n'
        "    ```\n"
        "\n"
        '=== "The whole file"\n'
        "\n"
        '    ```python title="config/asgi.py"\n'
        '    --8<-- "steps/02_b/config/asgi.py"\n'
        "    ```\n"
        "\n"
        "Create the database tables the step needs, then start the server:\n"
        "\n"
        "```console\n"
        "$ .venv/bin/python manage.py migrate\n"
        "$ .venv/bin/python manage.py runserver\n"
        "```\n"
        "\n"
        "Then, from a second terminal in `mysite`, check your project against the step:\n"
        "\n"
        "```console\n"
        f"$ {CHECK_02_B}\n"
        "```\n"
    )


def test_line_ranges_select_exactly_each_changed_files_hunks(repo):
    old = "".join(f"line {n}\n" for n in range(1, 21))
    two_hunks = old.replace("line 2\n", "line two\n").replace("line 18\n", "line eighteen\n")
    _steps(
        repo,
        {"a.py": old, "c.py": "c = 1\n", "tests/test_c.py": "x = 1\n"},
        {"a.py": two_hunks, "b.py": "b = 1\n", "c.py": "c = 2\n", "tests/test_c.py": "x = 2\n"},
    )

    snippet = _snippet(repo, "02_b")

    diff = repo.read("docs/generated/02_b.diff")
    lines = diff.split("\n")
    selected = [
        "\n".join(lines[int(start) - 1 : int(end)]) for start, end in RANGE.findall(snippet)
    ]
    paths = ["a.py", "c.py", "tests/test_c.py"]
    assert selected == [_hunks_of(diff, path) for path in paths]
    assert selected[0].count("@@ ") == 2


def test_diff_blocks_have_no_title(clean_repo):
    snippet = clean_repo.read("docs/generated/02_b.build.md")

    diff_fences = [line for line in snippet.split("\n") if line.strip().startswith("```diff")]

    assert diff_fences == ["    ```diff"]


def test_deleted_files_get_one_rm_line_each_in_one_console_block(repo):
    _steps(
        repo,
        {"manage.py": "", "old.py": "x = 1\n", "old app/views.py": "y = 1\n"},
        {"manage.py": ""},
    )

    snippet = _snippet(repo, "02_b")

    assert "Delete these files:\n\n```console\n$ rm 'old app/views.py'\n$ rm old.py\n```\n" in (
        snippet
    )
    assert snippet.count("```console") == 3


def test_test_support_is_shown_only_inside_one_collapsed_note(repo):
    _steps(
        repo,
        {
            "manage.py": "one\n",
            "pytest.ini": "[pytest]\n",
            "tests/test_a.py": "a = 1\n",
            "tests/gone.py": "",
        },
        {
            "manage.py": "two\n",
            "pytest.ini": "[pytest]\naddopts = -q\n",
            "tests/test_a.py": "a = 2\n",
            "tests/test_b.py": "b = 1\n",
        },
    )

    lines = _snippet(repo, "02_b").split("\n")

    opening = [n for n, line in enumerate(lines) if line.startswith("???")]
    assert len(opening) == 1
    assert lines[opening[0]].startswith('??? note "')
    end = next(n for n in range(opening[0] + 1, len(lines)) if lines[n][:1] not in ("", " "))
    about_tests = [n for n, line in enumerate(lines) if "tests/" in line or "pytest.ini" in line]
    assert about_tests
    assert all(opening[0] < n < end for n in about_tests)
    note = "\n".join(lines[opening[0] : end])
    assert '    ```python title="tests/test_b.py"\n    --8<-- "steps/02_b/tests/test_b.py"' in note
    assert "    **`pytest.ini`**\n\n    ```diff\n" in note
    assert "    **`tests/test_a.py`**\n\n    ```diff\n" in note
    assert "    - `tests/gone.py`" in note


def test_first_step_asks_to_create_or_replace_every_file(clean_repo):
    snippet = clean_repo.read("docs/generated/01_a.build.md")

    assert "Create or replace these files" in snippet
    assert "django-admin startproject" in snippet
    for rel in ("config/asgi.py", "manage.py"):
        assert f'```python title="{rel}"\n--8<-- "steps/01_a/{rel}"\n```' in snippet
    assert "===" not in snippet
    assert "$ rm" not in snippet
    assert '    ```ini title="pytest.ini"\n    --8<-- "steps/01_a/pytest.ini"' in snippet


def test_every_snippet_ends_with_migrate_the_server_then_the_check_of_its_own_step(clean_repo):
    for step in ("01_a", "02_b"):
        snippet = clean_repo.read(f"docs/generated/{step}.build.md")

        assert snippet.endswith(
            "Create the database tables the step needs, then start the server:\n\n"
            "```console\n$ .venv/bin/python manage.py migrate\n"
            "$ .venv/bin/python manage.py runserver\n```\n\n"
            "Then, from a second terminal in `mysite`, check your project against the step:\n\n"
            "```console\n"
            f"$ ../channels-course/.venv/bin/nox -f ../channels-course/noxfile.py -s check -- "
            f"{step} .\n"
            "```\n"
        )


def test_block_language_follows_the_file_suffix(repo):
    names = ["a.py", "b.html", "c.js", "d.css", "e.ini", "f.txt", "Procfile", "G.PY"]
    _steps(repo, {name: "x\n" for name in names})

    snippet = _snippet(repo, "01_a")

    found = re.findall(r'^```(\S+) title="([^"]+)"$', snippet, flags=re.MULTILINE)
    assert found == [
        ("python", "G.PY"),
        ("text", "Procfile"),
        ("python", "a.py"),
        ("html+django", "b.html"),
        ("js", "c.js"),
        ("css", "d.css"),
        ("ini", "e.ini"),
        ("text", "f.txt"),
    ]


def test_empty_file_is_included_like_any_other(repo):
    _steps(repo, {"manage.py": ""}, {"manage.py": "", "rooms/__init__.py": ""})

    snippet = _snippet(repo, "02_b")

    assert '```python title="rooms/__init__.py"\n--8<-- "steps/02_b/rooms/__init__.py"\n```' in (
        snippet
    )


def test_fence_outgrows_the_backticks_inside_the_file(repo):
    _steps(repo, {"NOTES.md": "Run:\n\n```console\n$ make\n```\n"})

    snippet = _snippet(repo, "01_a")

    assert '````text title="NOTES.md"\n--8<-- "steps/01_a/NOTES.md"\n````' in snippet


def test_binary_file_is_copied_from_the_course_rather_than_included(repo):
    _steps(repo, {"manage.py": ""}, {"manage.py": "", "static/logo.png": "\0PNG"})

    snippet = _snippet(repo, "02_b")

    assert "```console\n$ mkdir -p static\n" in snippet
    assert "$ cp ../channels-course/steps/02_b/static/logo.png static/logo.png\n" in snippet
    assert 'logo.png"' not in snippet


def test_parts_with_nothing_in_them_are_left_out(repo):
    _steps(repo, {"manage.py": "one\n"}, {"manage.py": "two\n"})

    snippet = _snippet(repo, "02_b")

    assert "Change these files" in snippet
    for absent in ("Create these files", "Delete these files", "Copy these files", "???"):
        assert absent not in snippet


def test_code_blocks_of_a_snippet_hold_only_includes(repo):
    _steps(
        repo,
        {"manage.py": "one\n", "gone.py": "", "tests/test_a.py": "a = 1\n"},
        {"manage.py": "two\n", "new.py": "n = 1\n", "tests/test_a.py": "a = 2\n"},
    )

    lines = _snippet(repo, "02_b").split("\n")

    included = snippet_line_numbers(lines)
    for fence in find_fences(lines):
        if fence.language != "console":
            assert all(n in included for n in fence.body if lines[n - 1].strip())
    assert check_pasted_python(repo.root) == []
