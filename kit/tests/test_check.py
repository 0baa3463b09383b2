"""The check runs a step's own tests on a copy of a learner's folder and says what holds."""

import hashlib

import pytest

from course_kit.check import behaviour, complete_lines, why
from course_kit.files import list_files


def fingerprint(folder):
    """Return every path below `folder` with a hash of its content, tool output included."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_test_name_reads_as_a_sentence():
    assert behaviour("tests/test_x.py::test_origin_is_checked_before_routing") == (
        "origin is checked before routing"
    )


def test_parameters_and_proper_names_read_as_written():
    assert behaviour("tests/t.py::test_asgi_serves_http_on_redis[redis]") == (
        "ASGI serves HTTP on Redis (redis)"
    )


def test_the_reason_is_the_first_line_unless_it_only_announces_more():
    assert why("AssertionError: assert 1 == 2\n  - 2\n  + 1") == "AssertionError: assert 1 == 2"
    assert why("RuntimeError: server exited early:\nTraceback\nNameError: x") == (
        "RuntimeError: server exited early: … NameError: x"
    )


def test_a_line_the_plugin_is_still_writing_waits_for_the_next_read():
    assert complete_lines('{"a": 1}\n{"b":') == (['{"a": 1}'], '{"b":')
    assert complete_lines('{"a": 1}\n') == (['{"a": 1}'], "")


def test_a_receive_that_timed_out_says_that_nothing_came_back():
    assert why("asyncio.exceptions.TimeoutError") == (
        "TimeoutError: nothing came back in time; the application sent no reply"
    )


def test_a_folder_without_manage_py_is_refused_with_what_to_give(run_check, tmp_path, capsys):
    with pytest.raises(SystemExit) as refused:
        run_check("01_setup", tmp_path)

    assert refused.value.code == 2
    assert "holds no manage.py" in capsys.readouterr().err


def test_an_unknown_step_is_refused_with_the_choices(run_check, learner_copy, capsys):
    with pytest.raises(SystemExit):
        run_check("99_nothing", learner_copy("01_setup"))

    assert "01_setup" in capsys.readouterr().err


@pytest.mark.e2e
def test_the_learners_folder_is_left_exactly_as_it_was(run_check, learner_copy):
    folder = learner_copy("01_setup")
    before = fingerprint(folder)

    code, _ = run_check("01_setup", folder)

    assert code == 0
    assert fingerprint(folder) == before
    assert not (folder / "db.sqlite3").exists()


def test_only_the_learners_code_is_imported_never_the_steps(run_check, learner_copy):
    folder = learner_copy("01_setup")
    settings = folder / "config/settings.py"
    # A project whose code differs from the step's: the step's would pass.
    settings.write_text(settings.read_text() + "\nASGI_APPLICATION = 'mysite.elsewhere'\n")

    code, output = run_check("01_setup", folder, "--fast")

    assert code == 1
    assert "✗ ASGI application setting names the project application" in output
    assert "'mysite.elsewhere'" in output


def test_a_project_that_cannot_load_is_told_why(run_check, learner_copy):
    folder = learner_copy("01_setup")
    (folder / "config/settings.py").write_text("INSTALLED_APPS = [\n")

    code, output = run_check("01_setup", folder, "--fast")

    assert code == 1
    assert "could not run on your project" in output
    assert "SyntaxError" in output or "never closed" in output


def test_the_learners_own_tests_make_way_for_the_steps(run_check, learner_copy):
    folder = learner_copy("01_setup")
    (folder / "tests").mkdir()
    (folder / "tests/test_mine.py").write_text("def test_mine():\n    assert False\n")

    code, output = run_check("01_setup", folder, "--fast")

    assert code == 0
    assert "mine" not in output
    assert list_files(folder / "tests") == ["test_mine.py"]
