"""The README's quickstart commands are the ones CI and nox really run."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def quickstart_commands():
    """Return the console commands of the README's Quickstart section, in order."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n(.*?)\n```", section, flags=re.DOTALL)


def test_quickstart_has_exactly_two_one_line_commands():
    commands = quickstart_commands()

    assert len(commands) == 2
    assert all("\n" not in command for command in commands)


def test_first_command_runs_the_finished_app():
    run_command = quickstart_commands()[0]

    assert run_command.endswith("nox -s run")


def test_ci_runs_the_readme_test_command_word_for_word():
    test_command = quickstart_commands()[1]
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()

    assert test_command in ci_lines


@pytest.mark.parametrize("variable", ["REQUIRE_BROWSER", "REQUIRE_REDIS", "REQUIRE_NGINX"])
def test_ci_turns_missing_services_into_failures(variable):
    ci_script = (ROOT / ".ci" / "run").read_text()

    assert re.search(rf"^export .*\b{variable}=1\b", ci_script, flags=re.MULTILINE)


def test_quickstart_installs_the_pinned_nox_requirements():
    for command in quickstart_commands():
        assert "pip install -r requirements/nox.txt" in command
