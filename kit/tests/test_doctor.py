"""The doctor checks a learner's computer, one line per check, with the fix for each ✗."""

import io
import os
import socket
import sys

import pytest

from course_kit import doctor
from course_kit.layout import REPO_ROOT, step_dir
from course_kit.processes import HOST, free_port
from tests.conftest import copy_step


def run_doctor(*args):
    """Run the doctor's main with `args`; return the exit code and the output's lines."""
    out = io.StringIO()
    code = doctor.main([str(arg) for arg in args], out=out)
    return code, out.getvalue().splitlines()


def test_a_too_old_python_fails_with_how_to_get_a_newer_one():
    result = doctor.check_python((3, 9, 18))

    assert result.status == doctor.FAILED
    assert "3.9.18 is too old" in result.line
    assert "python.org" in result.fix
    assert "brew install" in result.fix
    assert "apt-get" in result.fix


def test_this_python_is_new_enough():
    assert doctor.check_python().status == doctor.OK


def test_a_venv_that_cannot_be_made_names_python3_venv():
    refusing = [sys.executable, "-c", "import sys; sys.exit('Error: ensurepip is not available')"]

    result = doctor.check_venv(command=refusing)

    assert result.status == doctor.FAILED
    assert "ensurepip is not available" in result.line
    assert "sudo apt-get install python3-venv" in result.fix


def test_a_python_without_ensurepip_fails_as_debian_without_python3_venv_does():
    result = doctor.check_venv(ensurepip=False)

    assert result.status == doctor.FAILED
    assert "python3-venv" in result.fix


def test_a_venv_can_be_made_here():
    assert doctor.check_venv().status == doctor.OK


def test_a_version_other_than_the_pin_is_named_with_both():
    def installed(name):
        return "4.2.0" if name == "Django" else doctor.installed_version(name)

    result = doctor.check_packages(installed=installed)

    assert result.status == doctor.FAILED
    assert "Django 4.2.0 (pinned ==5.2.19)" in result.line
    assert "pip install -r requirements/app.txt -r requirements/tests.txt" in result.fix


def test_a_missing_package_is_named_with_its_pin(tmp_path):
    pins = tmp_path / "pins.txt"
    pins.write_text("".join(f"{name}==1.0\n" for name in doctor.PACKAGES))

    result = doctor.check_packages(installed=lambda name: None, requirements=[pins])

    assert result.status == doctor.FAILED
    assert "playwright missing (pinned ==1.0)" in result.line


def test_a_pin_whose_marker_does_not_hold_here_is_ignored(tmp_path):
    pins = tmp_path / "pins.txt"
    lines = [f"{name}==1.0  # via something" for name in doctor.PACKAGES]
    lines.append("django==9.9 ; python_version < '3'")
    pins.write_text("\n".join(["# a comment", "--index-url https://example.invalid", *lines]))

    result = doctor.check_packages(installed=lambda name: "1.0", requirements=[pins])

    assert result.status == doctor.OK, result.line


def test_the_installed_packages_match_the_pins():
    result = doctor.check_packages()

    assert result.status == doctor.OK, result.line
    assert "Django 5.2.19" in result.line


def test_a_failed_install_says_how_to_install_behind_a_proxy_or_offline():
    result = doctor.install_failure("index")

    assert result.status == doctor.FAILED
    assert "HTTPS_PROXY" in result.fix
    assert "pip install --no-index --find-links wheelhouse" in result.fix


def test_a_failed_install_from_the_wheelhouse_asks_for_a_matching_one():
    result = doctor.install_failure("wheelhouse")

    assert "from wheelhouse/" in result.line
    assert "nox -s wheelhouse" in result.fix


def test_a_failed_install_makes_the_doctor_fail_without_trying_the_servers():
    code, lines = run_doctor("--install-failed", "index", "--ports", free_port())

    assert code == 1
    assert any(line.startswith("  ✗ The pinned packages did not install") for line in lines)
    assert any("Step 01's server: not tried" in line for line in lines)
    assert lines[-1].startswith("✗ Not ready yet")


def test_a_proxy_that_catches_loopback_is_named_in_the_fix(monkeypatch):
    for name in [name for name in os.environ if name.lower().endswith("_proxy")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")

    assert "NO_PROXY=127.0.0.1,localhost" in doctor.local_fix(doctor.CHANGED_FIX)

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    assert doctor.local_fix(doctor.CHANGED_FIX) == doctor.CHANGED_FIX


def test_a_busy_port_fails_with_how_to_find_the_program_or_use_another():
    with socket.socket() as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]

        result = doctor.check_port(port)

    assert result.status == doctor.FAILED
    assert f"Port {port} is in use" in result.line
    assert f"lsof -i :{port}" in result.fix
    assert f"netstat -ano | findstr :{port}" in result.fix
    assert "runserver 8002" in result.fix


def test_a_port_windows_forbids_fails_with_how_to_see_the_reserved_ranges(monkeypatch):
    forbidden = PermissionError(13, "An attempt was made to access a socket in a forbidden way")
    monkeypatch.setattr(doctor, "port_problem", lambda port: forbidden)

    result = doctor.check_port(8000)

    assert result.status == doctor.FAILED
    assert "excludedportrange" in result.fix
    assert "runserver 8002" in result.fix


def test_a_busy_port_fails_the_doctor():
    with socket.socket() as busy:
        busy.bind((HOST, 0))
        busy.listen()

        code, lines = run_doctor(
            "--install-failed", "index", "--ports", busy.getsockname()[1], free_port()
        )

    assert code == 1
    assert sum(" is in use on " in line for line in lines) == 1


def test_a_free_port_passes():
    assert doctor.check_port(free_port()).status == doctor.OK


@pytest.fixture
def empty_path(monkeypatch, tmp_path):
    """Leave no program on PATH, and no CHROMIUM_PATH."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)


def test_a_missing_chromium_is_optional_and_says_what_is_skipped(empty_path):
    result = doctor.check_chromium()

    assert result.status == doctor.OPTIONAL
    assert "browser tests will be skipped" in result.line
    assert "sudo apt-get install chromium" in result.fix
    assert "CHROMIUM_PATH" in result.fix


def test_a_chromium_path_that_is_no_file_is_named(empty_path, monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-such-chromium"))

    result = doctor.check_chromium()

    assert result.status == doctor.OPTIONAL
    assert "no-such-chromium" in result.line


def test_a_missing_redis_server_is_optional_and_says_what_is_skipped(empty_path):
    result = doctor.check_redis_server()

    assert result.status == doctor.OPTIONAL
    assert "Redis tests will be skipped" in result.line
    assert "sudo apt-get install redis-server" in result.fix
    assert "brew install redis" in result.fix


def test_missing_optional_programs_leave_the_verdict_ready(empty_path, monkeypatch):
    # The servers stand in for themselves here: the e2e test below runs them.
    for check in ("check_server", "check_websocket"):
        monkeypatch.setattr(doctor, check, lambda: doctor.Result(doctor.OK, "stood in"))

    code, lines = run_doctor("--ports", free_port())

    assert code == 0, "\n".join(lines)
    assert "  - Chromium not found: the browser tests will be skipped" in lines
    assert lines[-1].startswith("✓ Ready for the workshop")
    assert "some tests will be skipped" in lines[-1]


def test_a_server_that_cannot_start_is_reported_with_the_reason(tmp_path):
    project = copy_step("01_setup", tmp_path / "01_setup")
    settings = project / "config" / "settings.py"
    settings.write_text(settings.read_text().replace('"pages",', '"pagez",'))

    result = doctor.check_server(project)

    assert result.status == doctor.FAILED
    assert "Step 01's server did not start" in result.line
    assert "pagez" in result.line
    assert "git checkout -- steps/" in result.fix


@pytest.mark.e2e
def test_a_server_without_daphne_is_reported_as_not_serving_asgi(tmp_path):
    project = copy_step("01_setup", tmp_path / "01_setup")
    settings = project / "config" / "settings.py"
    settings.write_text(settings.read_text().replace('    "daphne",\n', ""))

    result = doctor.check_server(project)

    assert result.status == doctor.FAILED
    assert "without Daphne's banner" in result.line
    assert "INSTALLED_APPS" in result.fix


def test_the_servers_run_on_a_copy_outside_the_steps_without_tests_or_database():
    with doctor.copied(step_dir("01_setup")) as copy:
        assert not copy.is_relative_to(REPO_ROOT)
        assert (copy / "manage.py").is_file()
        assert not (copy / "tests").exists()
        assert not (copy / "db.sqlite3").exists()

    assert not copy.exists()


@pytest.mark.e2e
def test_the_whole_doctor_passes_on_this_computer():
    code, lines = run_doctor("--ports", free_port(), free_port())

    checks = [line for line in lines if line.startswith("  ") and line[2] in "✓✗-"]
    assert code == 0, "\n".join(lines)
    assert not [line for line in checks if line.startswith("  ✗")]
    required = checks[:7]  # Python, venv, packages, two servers, two ports.
    assert all(line.startswith("  ✓") for line in required), "\n".join(lines)
    assert lines[-1].startswith("✓ Ready for the workshop")
