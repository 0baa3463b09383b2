"""A project's files are what a learner writes, not what tools leave behind."""

from course_kit.files import is_test_support, list_files


def test_tool_output_and_virtual_environments_are_left_out(tmp_path):
    for rel in [
        "manage.py",
        "config/settings.py",
        "db.sqlite3",
        "config/__pycache__/settings.cpython-311.pyc",
        ".venv/bin/python",
        ".git/HEAD",
        "env/pyvenv.cfg",
        "env/lib/site.py",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")

    assert list_files(tmp_path) == ["config/settings.py", "manage.py"]


def test_a_folder_named_like_a_virtual_environment_but_without_one_is_kept(tmp_path):
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "notes.txt").write_text("mine")

    assert list_files(tmp_path) == ["env/notes.txt"]


def test_tests_and_pytest_ini_are_the_steps_test_support():
    assert is_test_support("pytest.ini")
    assert is_test_support("tests/conftest.py")
    assert not is_test_support("rooms/tests.py")
    assert not is_test_support("config/settings.py")
