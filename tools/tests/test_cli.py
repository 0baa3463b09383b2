"""Test the command line: exit codes, output and what gets written."""

import subprocess
import sys
from pathlib import Path

from tools.course_docs.__main__ import main

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_check_exits_zero_on_a_clean_repository(clean_repo, capsys):
    status = main(["--root", str(clean_repo.root), "check"])

    assert status == 0
    assert capsys.readouterr().out == "no problems found\n"


def test_check_prints_one_line_per_problem_and_exits_one(clean_repo, capsys):
    clean_repo.remove("docs/steps/01_a.md")
    clean_repo.write("steps/02_b/manage.py", "print('new')\n")

    status = main(["--root", str(clean_repo.root), "check"])

    out = capsys.readouterr().out.splitlines()
    assert status == 1
    assert out == [
        "docs/generated/02_b.build.md: is out of date with steps/; run `nox -s diffs` to refresh "
        "it",
        "docs/generated/02_b.diff: is out of date with steps/; run `nox -s diffs` to refresh it",
        "docs/generated/02_b.files.md: is out of date with steps/; run `nox -s diffs` to refresh "
        "it",
        "steps/01_a: has no page; create docs/steps/01_a.md",
        "docs/steps/02_b.md:3: step 02_b changed manage.py; add `- manage.py` to `changes:`",
    ]


def test_diffs_writes_the_generated_files(repo, capsys):
    repo.write("steps/01_a/manage.py", "one\n")
    repo.write("steps/02_b/manage.py", "two\n")

    status = main(["--root", str(repo.root), "diffs"])

    assert status == 0
    assert capsys.readouterr().out.splitlines() == [
        "updated docs/generated/01_a.build.md",
        "updated docs/generated/02_b.build.md",
        "updated docs/generated/02_b.diff",
        "updated docs/generated/02_b.files.md",
    ]
    assert (repo.root / "docs/generated/02_b.diff").is_file()


def test_diffs_check_writes_nothing_and_exits_one_when_stale(repo, capsys):
    repo.write("steps/01_a/manage.py", "one\n")
    repo.write("steps/02_b/manage.py", "two\n")

    status = main(["--root", str(repo.root), "diffs", "--check"])

    assert status == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/generated/01_a.build.md: is missing; run `nox -s diffs` to generate it",
        "docs/generated/02_b.build.md: is missing; run `nox -s diffs` to generate it",
        "docs/generated/02_b.diff: is missing; run `nox -s diffs` to generate it",
        "docs/generated/02_b.files.md: is missing; run `nox -s diffs` to generate it",
    ]
    assert not (repo.root / "docs").exists()


def test_diffs_check_exits_zero_when_up_to_date(clean_repo):
    status = main(["--root", str(clean_repo.root), "diffs", "--check"])

    assert status == 0


def test_runs_as_a_module_from_the_repository_root(clean_repo):
    clean_repo.remove("docs/generated/02_b.diff")

    result = subprocess.run(
        [sys.executable, "-m", "tools.course_docs", "--root", str(clean_repo.root), "check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert result.stdout == (
        "docs/generated/02_b.diff: is missing; run `nox -s diffs` to generate it\n"
    )
    assert result.stderr == "1 problem(s) found\n"
