"""Test which files make up a step."""

import course_kit.files
from tools.course_docs import tree
from tools.course_docs.layout import list_steps
from tools.course_docs.tree import list_files


def test_files_are_listed_sorted_relative_with_forward_slashes(repo):
    repo.write("steps/01_a/z.py", "")
    repo.write("steps/01_a/config/settings.py", "")
    repo.write("steps/01_a/a.txt", "")

    files = list_files(repo.root / "steps/01_a")

    assert files == ["a.txt", "config/settings.py", "z.py"]


def test_caches_databases_and_dotfiles_are_skipped(repo):
    repo.write("steps/01_a/app/views.py", "")
    repo.write_bytes("steps/01_a/app/__pycache__/views.cpython-311.pyc", b"\0")
    repo.write_bytes("steps/01_a/app/stray.pyc", b"\0")
    repo.write_bytes("steps/01_a/db.sqlite3", b"SQLite")
    repo.write("steps/01_a/.pytest_cache/README.md", "")
    repo.write("steps/01_a/.ruff_cache/CACHEDIR.TAG", "")
    repo.write("steps/01_a/.env", "SECRET=1\n")
    repo.write("steps/01_a/.hidden/notes.txt", "")

    files = list_files(repo.root / "steps/01_a")

    assert files == ["app/views.py"]


def test_a_virtualenv_and_tool_output_in_a_step_are_skipped_as_the_kit_skips_them(repo):
    repo.write("steps/01_a/manage.py", "")
    repo.write("steps/01_a/env/pyvenv.cfg", "home = /usr/bin\n")
    repo.write("steps/01_a/env/lib/site.py", "")
    repo.write("steps/01_a/node_modules/x/index.js", "")
    repo.write("steps/01_a/notes.txt~", "")

    files = list_files(repo.root / "steps/01_a")

    assert files == ["manage.py"]


def test_the_skip_rules_are_the_kits_own():
    names = ("SKIPPED_NAMES", "SKIPPED_SUFFIXES", "is_skipped", "list_files")

    shared = [getattr(tree, name) is getattr(course_kit.files, name) for name in names]

    assert shared == [True] * len(names)


def test_steps_are_folders_sorted_by_name(repo):
    repo.write("steps/10_last/manage.py", "")
    repo.write("steps/02_b/manage.py", "")
    repo.write("steps/01_a/manage.py", "")
    repo.write("steps/README.md", "not a step\n")
    repo.write("steps/.drafts/manage.py", "")

    steps = list_steps(repo.root)

    assert steps == ["01_a", "02_b", "10_last"]
