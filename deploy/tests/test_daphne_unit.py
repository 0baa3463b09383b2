"""Run the daphne command of deploy/systemd/channels-course@.service, as systemd would."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import websockets

import services
import systemdunit
from course_kit.layout import last_step
from course_kit.processes import HOST


def test_the_unit_runs_daphne_behind_the_proxy():
    service = services.unit_service()
    argv = systemdunit.exec_start(service, "8001")
    assert argv == [
        "/srv/channels-course/.venv/bin/daphne",
        "--bind",
        "127.0.0.1",
        "--port",
        "8001",
        "--proxy-headers",
        "config.asgi:application",
    ]
    env = systemdunit.environment(service, "8001")
    assert env["DJANGO_SETTINGS_MODULE"] == "settings_production"
    assert env["PYTHONPATH"] == "/srv/channels-course/deploy"
    assert env["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert service["Restart"] == ["on-failure"]


def test_the_unit_runs_the_finished_step():
    # A unit file takes no variables from the course: the path is written out.
    (folder,) = services.unit_service()["WorkingDirectory"]
    finished = f"{services.PREFIX}/steps/{last_step()}"
    assert folder == finished, (
        f"the unit runs {folder}, but the finished step is {finished}: after adding a step, "
        f"update WorkingDirectory in {services.UNIT.relative_to(services.REPO)}"
    )


def test_manage_sh_runs_where_the_unit_does():
    (folder,) = services.unit_service()["WorkingDirectory"]
    (line,) = re.findall(r"^cd .*$", services.MANAGE_SH.read_text(), re.MULTILINE)
    assert line == f'cd "$APP_ROOT{folder.removeprefix(services.PREFIX)}"', (
        f"update the `cd` line of {services.MANAGE_SH.relative_to(services.REPO)} "
        "to the unit's WorkingDirectory"
    )


def test_the_settings_module_is_where_pythonpath_points():
    _, folder, env = services.daphne_command(8001, services.ENV_FILE)
    assert (folder / "config" / "asgi.py").is_file()
    assert (Path(env["PYTHONPATH"]) / "settings_production.py").is_file()


@pytest.mark.e2e
def test_the_command_serves_pages(daphne):
    status, _, body = services.request(daphne.port, "/")
    assert status == 200
    assert b"Django Channels course" in body
    assert "Listening on TCP address 127.0.0.1:" in daphne.output()


@pytest.mark.e2e
async def test_the_command_serves_websockets(daphne):
    origin = f"http://{HOST}:{daphne.port}"
    async with websockets.connect(
        f"ws://{HOST}:{daphne.port}/ws/rooms/lobby/", origin=origin, proxy=None
    ) as socket:
        welcome = json.loads(await socket.recv())
    assert welcome == {"type": "welcome", "room": "lobby", "user": "anonymous"}


@pytest.mark.e2e
async def test_an_origin_outside_allowed_hosts_is_refused(daphne):
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with websockets.connect(
            f"ws://{HOST}:{daphne.port}/ws/rooms/lobby/",
            origin="https://elsewhere.example",
            proxy=None,
        ):
            pass
    assert refused.value.response.status_code == 403


@pytest.mark.e2e
def test_daphne_serves_no_static_files_in_production(daphne):
    # DEBUG is off: the files are there (collectstatic ran), but only nginx serves them.
    status, _, _ = services.request(daphne.port, "/static/pages/client.js")
    assert status == 404


def test_systemd_accepts_the_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("no systemd-analyze found: this machine does not run systemd")
    daphne = Path(sys.executable).with_name("daphne")
    if not daphne.is_file():
        pytest.skip(f"no daphne script beside {sys.executable}")
    env_file = services.write_env_file(tmp_path / "env")
    # The unit as written, with its paths moved onto this machine.
    text = (
        services.UNIT.read_text()
        .replace(f"{services.PREFIX}/.venv/bin/daphne", str(daphne))
        .replace(services.PREFIX, str(services.REPO))
        .replace("/etc/channels-course/env", str(env_file))
    )
    unit = tmp_path / "channels-course@8001.service"
    unit.write_text(text)
    result = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=30, check=False
    )
    # systemd prints unknown keys and bad values as warnings, with status 0.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
