"""Catching up puts a step into a learner's folder and never loses the learner's own work."""

import io

from course_kit import catchup
from course_kit.catchup import BACKUP_DIR
from course_kit.files import list_files
from course_kit.layout import step_dir


def run_catchup(*args):
    """Run `nox -s catchup`'s code; return (exit code, output)."""
    out = io.StringIO()
    code = catchup.main([str(arg) for arg in args], out=out)
    return code, out.getvalue()


def project_files(folder):
    """Return a folder's project files, the step's tests left out."""
    return [rel for rel in list_files(folder) if not rel.startswith(("tests/", "pytest.ini"))]


def test_an_empty_folder_gets_the_whole_step(tmp_path):
    folder = tmp_path / "mysite"

    code, output = run_catchup("02_echo", folder)

    assert code == 0
    assert project_files(folder) == project_files(step_dir("02_echo"))
    assert "now holds 02_echo" in output


def test_the_steps_tests_are_not_copied(tmp_path):
    run_catchup("02_echo", tmp_path)

    assert not (tmp_path / "tests").exists()
    assert not (tmp_path / "pytest.ini").exists()


def test_files_of_an_earlier_step_are_replaced_without_asking(learner_copy):
    folder = learner_copy("02_echo")

    code, output = run_catchup("03_routing", folder)

    assert code == 0
    assert (folder / "config/asgi.py").read_text() == (
        step_dir("03_routing") / "config/asgi.py"
    ).read_text()
    assert "replaced config/asgi.py" in output


def test_a_file_with_the_learners_own_change_stops_everything(learner_copy):
    folder = learner_copy("02_echo")
    (folder / "echo/consumers.py").write_text("# my own echo\n")
    before = {rel: (folder / rel).read_bytes() for rel in list_files(folder)}

    code, output = run_catchup("03_routing", folder)

    assert code == 1
    assert "echo/consumers.py" in output
    assert "--force" in output
    assert {rel: (folder / rel).read_bytes() for rel in list_files(folder)} == before


def test_force_replaces_the_learners_change_and_keeps_a_backup(learner_copy):
    folder = learner_copy("02_echo")
    (folder / "echo/consumers.py").write_text("# my own echo\n")

    code, _ = run_catchup("03_routing", folder, "--force")

    assert code == 0
    assert (folder / "echo/consumers.py").read_bytes() == (
        step_dir("03_routing") / "echo/consumers.py"
    ).read_bytes()
    (backup,) = (folder / BACKUP_DIR).iterdir()
    assert (backup / "echo/consumers.py").read_text() == "# my own echo\n"


def test_the_learners_own_extra_files_are_left_alone(learner_copy):
    folder = learner_copy("02_echo")
    (folder / "notes.md").write_text("my notes\n")

    run_catchup("03_routing", folder)

    assert (folder / "notes.md").read_text() == "my notes\n"


def test_windows_line_endings_do_not_count_as_a_change(learner_copy):
    folder = learner_copy("02_echo")
    consumers = folder / "echo/consumers.py"
    consumers.write_bytes(consumers.read_bytes().replace(b"\n", b"\r\n"))

    code, _ = run_catchup("03_routing", folder)

    assert code == 0


def test_a_course_file_the_step_no_longer_has_is_removed_when_unchanged(learner_copy, monkeypatch):
    folder = learner_copy("02_echo")
    # No step deletes a project file yet: pose one that the first step had.
    old = step_dir("01_setup") / "pages/templates/pages/home.html"
    (folder / "pages/old.html").write_bytes(old.read_bytes())
    versions = catchup.course_versions()
    versions["pages/old.html"] = {old.read_bytes()}
    monkeypatch.setattr(catchup, "course_versions", lambda: versions)

    code, output = run_catchup("03_routing", folder)

    assert code == 0
    assert not (folder / "pages/old.html").exists()
    assert "removed pages/old.html" in output
