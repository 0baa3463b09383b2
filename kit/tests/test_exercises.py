"""Every step has a few exercises, each with a solution, and the verifier tells right from wrong."""

import ast
import io
import shutil

import pytest

from course_kit import check, exercises
from course_kit.files import list_files
from course_kit.layout import REPO_ROOT, list_steps, step_dir

EXERCISES = exercises.find_exercises()
IDS = [f"{exercise.step}-{exercise.name}" for exercise in EXERCISES]

# A made-up exercise of step 01: its test fails on the step, and passes once
# the solution's settings name Paris.
FAKE_TEST = '''"""Set the time zone to Paris."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.exercise


def test_time_zone_is_paris():
    assert settings.TIME_ZONE == "Europe/Paris"
'''


def marked_as_exercise(tree):
    """Tell whether a module sets `pytestmark = pytest.mark.exercise`."""
    return any(
        isinstance(node, ast.Assign)
        and [getattr(target, "id", None) for target in node.targets] == ["pytestmark"]
        and ast.unparse(node.value) == "pytest.mark.exercise"
        for node in tree.body
    )


@pytest.mark.parametrize("step", list_steps())
def test_every_step_has_two_or_three_exercises(step):
    assert 2 <= len(check.list_exercises(step)) <= 3


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_every_exercise_has_a_solution_with_files_of_its_step(exercise):
    files = list_files(exercise.solution) if exercise.solution.is_dir() else []

    assert files, f"{exercise.solution} holds no file"
    # Project files only: the check replaces a project's tests and pytest.ini with the step's.
    assert not [rel for rel in files if rel == "pytest.ini" or rel.startswith("tests/")]


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_every_exercise_file_states_the_exercise_and_marks_its_tests(exercise):
    tree = ast.parse(check.exercise_file(exercise.step, exercise.name).read_text())

    assert ast.get_docstring(tree), "the module docstring states the exercise"
    assert marked_as_exercise(tree), "pytestmark = pytest.mark.exercise marks every test"
    # The check copies it into tests/: it must not replace one of the step's own files.
    assert not (step_dir(exercise.step) / "tests" / f"test_{exercise.name}.py").exists()


def test_every_solution_folder_belongs_to_an_exercise():
    folders = {
        (step.name, folder.name)
        for step in exercises.SOLUTIONS_DIR.iterdir()
        for folder in step.iterdir()
        if folder.is_dir()
    }

    assert folders == {(exercise.step, exercise.name) for exercise in EXERCISES}


@pytest.mark.parametrize("step", list_steps())
def test_every_step_registers_the_exercise_marker(step):
    assert "    exercise: " in (step_dir(step) / "pytest.ini").read_text()


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_the_exercises_page_includes_the_tests_and_every_solution_file(exercise):
    page = (REPO_ROOT / "docs" / "exercises" / f"{exercise.step}.md").read_text()

    assert f'--8<-- "exercises/{exercise.step}/test_{exercise.name}.py"' in page
    assert f"--exercise {exercise.name}\n" in page
    for rel in list_files(exercise.solution):
        path = f"solutions/{exercise.step}/{exercise.name}/{rel}"
        assert f'--8<-- "{path}"' in page, f"{path} is not shown"


def test_an_unknown_exercise_is_refused_with_the_choices(run_check, learner_copy, capsys):
    with pytest.raises(SystemExit) as refused:
        run_check("02_echo", learner_copy("02_echo"), "--exercise", "nothing_of_the_kind")

    assert refused.value.code == 2
    error = capsys.readouterr().err
    assert "no exercise 'nothing_of_the_kind' in 02_echo" in error
    assert ", ".join(check.list_exercises("02_echo")) in error


@pytest.fixture
def fake_exercise(tmp_path, monkeypatch):
    """Make a fake exercise of step 01, "fake", with an empty solution folder; return it."""
    monkeypatch.setattr(check, "EXERCISES_DIR", tmp_path / "exercises")
    monkeypatch.setattr(exercises, "SOLUTIONS_DIR", tmp_path / "solutions")
    (tmp_path / "exercises/01_setup").mkdir(parents=True)
    (tmp_path / "exercises/01_setup/test_fake.py").write_text(FAKE_TEST)
    solution = tmp_path / "solutions/01_setup/fake"
    solution.mkdir(parents=True)
    return solution


def settings_with(solution, text, instead):
    """Put step 01's settings into the solution, with `text` replaced by `instead`."""
    source = step_dir("01_setup") / "config/settings.py"
    (solution / "config").mkdir()
    (solution / "config/settings.py").write_text(source.read_text().replace(text, instead))


def verify(*args):
    """Run `python -m course_kit.exercises ARGS`; return (exit code, output)."""
    out = io.StringIO()
    code = exercises.main(list(args), out=out)
    return code, out.getvalue()


def test_the_check_runs_only_the_exercise_and_says_so(run_check, learner_copy, fake_exercise):
    code, output = run_check("01_setup", learner_copy("01_setup"), "--exercise", "test_fake.py")

    assert code == 1
    assert "Set the time zone to Paris. (tests/test_fake.py)" in output
    assert "  ✗ time zone is paris" in output
    assert "Daphne" not in output
    assert "✗ Not done yet: 1 of 1 behaviours of exercise fake of 01_setup fail." in output


def test_a_solution_folder_with_no_file_is_reported_wrong(fake_exercise):
    code, output = verify("fake")

    assert code == 1
    assert "01_setup fake" in output
    assert "wrong: its solution, solutions/01_setup/fake/, holds no file" in output


def test_a_solution_that_changes_nothing_is_reported_wrong(fake_exercise):
    shutil.copytree(step_dir("01_setup") / "config", fake_exercise / "config")

    code, output = verify("fake")

    assert code == 1
    assert "wrong: its tests must pass with its solution" in output
    assert "✗ time zone is paris" in output


def test_tests_that_pass_on_the_step_as_it_is_are_reported_wrong(fake_exercise):
    test = check.exercise_file("01_setup", "fake")
    test.write_text(FAKE_TEST.replace("Europe/Paris", "UTC"))
    shutil.copytree(step_dir("01_setup") / "config", fake_exercise / "config")

    code, output = verify("fake")

    assert code == 1
    assert "wrong: its tests must fail on the step as it is" in output


def test_an_exercise_its_solution_solves_is_reported_right(fake_exercise):
    settings_with(fake_exercise, 'TIME_ZONE = "UTC"', 'TIME_ZONE = "Europe/Paris"')

    code, output = verify("fake")

    assert code == 0, output
    assert "step: ✗ 1 of 1 fail;  solution: ✓ all 1 hold  ✓ right" in output
    assert "✓ Every exercise is right: 1 of 1" in output
