"""Test writing and verifying the generated files under docs/generated/."""

from tools.course_docs.generated import stale_outputs, write_outputs


def _three_steps(repo):
    """Write three steps that each change manage.py."""
    repo.write("steps/01_a/manage.py", "one\n")
    repo.write("steps/02_b/manage.py", "two\n")
    repo.write("steps/03_c/manage.py", "three\n")


def test_a_diff_and_a_table_for_every_step_after_the_first_and_a_build_snippet_for_all(repo):
    _three_steps(repo)

    written = write_outputs(repo.root)

    assert written == [
        "docs/generated/01_a.build.md",
        "docs/generated/02_b.build.md",
        "docs/generated/02_b.diff",
        "docs/generated/02_b.files.md",
        "docs/generated/03_c.build.md",
        "docs/generated/03_c.diff",
        "docs/generated/03_c.files.md",
    ]
    assert repo.read("docs/generated/03_c.diff") == (
        "--- a/manage.py\n+++ b/manage.py\n@@ -1 +1 @@\n-two\n+three\n"
    )


def test_a_single_step_generates_its_build_snippet_only(repo):
    repo.write("steps/01_a/manage.py", "one\n")

    written = write_outputs(repo.root)

    assert written == ["docs/generated/01_a.build.md"]


def test_a_repository_without_steps_generates_nothing(repo):
    repo.write("docs/index.md", "# Home\n")

    written = write_outputs(repo.root)

    assert written == []
    assert not (repo.root / "docs/generated").exists()


def test_output_does_not_depend_on_file_creation_order(repo, tmp_path):
    names = ["b.py", "a/z.py", "a.py", "c/d/e.txt"]
    for order, root in ((names, tmp_path / "one"), (names[::-1], tmp_path / "two")):
        for name in order:
            for step in ("01_a", "02_b"):
                path = root / "steps" / step / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(f"{step} {name}\n", encoding="utf-8")

    write_outputs(tmp_path / "one")
    write_outputs(tmp_path / "two")

    for name in ("01_a.build.md", "02_b.build.md", "02_b.diff", "02_b.files.md"):
        one = (tmp_path / "one/docs/generated" / name).read_bytes()
        assert one == (tmp_path / "two/docs/generated" / name).read_bytes()


def test_writing_again_changes_nothing(clean_repo):
    before = clean_repo.read("docs/generated/02_b.diff")

    written = write_outputs(clean_repo.root)

    assert written == []
    assert clean_repo.read("docs/generated/02_b.diff") == before


def test_check_is_quiet_when_generated_files_are_current(clean_repo):
    problems = stale_outputs(clean_repo.root)

    assert problems == []


def test_check_reports_missing_and_stale_files_without_writing(clean_repo):
    clean_repo.remove("docs/generated/02_b.files.md")
    clean_repo.write("steps/02_b/manage.py", "print('changed')\n")

    problems = [str(p) for p in stale_outputs(clean_repo.root)]

    assert problems == [
        "docs/generated/02_b.build.md: is out of date with steps/; run `nox -s diffs` to "
        "refresh it",
        "docs/generated/02_b.diff: is out of date with steps/; run `nox -s diffs` to refresh it",
        "docs/generated/02_b.files.md: is missing; run `nox -s diffs` to generate it",
        # The agenda counts the lines a learner writes: a changed step changes it.
        "docs/generated/agenda.md: is out of date with steps/; run `nox -s diffs` to refresh it",
    ]
    assert not (clean_repo.root / "docs/generated/02_b.files.md").exists()


def test_generated_file_of_a_vanished_step_is_reported_then_removed(clean_repo):
    clean_repo.write("docs/generated/07_gone.diff", "old\n")
    clean_repo.write("docs/generated/.gitkeep", "")

    problems = [str(p) for p in stale_outputs(clean_repo.root)]
    written = write_outputs(clean_repo.root)

    assert problems == [
        "docs/generated/07_gone.diff: belongs to no step; run `nox -s diffs` to remove it"
    ]
    assert written == ["docs/generated/07_gone.diff"]
    assert not (clean_repo.root / "docs/generated/07_gone.diff").exists()
    assert (clean_repo.root / "docs/generated/.gitkeep").exists()
