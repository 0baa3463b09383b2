"""A learner builds every step from the built site alone, and each step's check passes.

The test plays a learner: it reads each step page's "Build it" section as the
site renders it, runs its commands and writes its files in order, starting in an
empty folder, then runs `nox -s check` on the result. The course folder it gets
holds the requirements alone, so nothing can be copied from steps/.
"""

import re
import shlex
import shutil
import subprocess
import urllib.request

import pytest
from bs4 import BeautifulSoup

from course_kit import check
from course_kit.files import is_test_support, list_files
from course_kit.layout import REPO_ROOT, list_steps, step_dir
from course_kit.server import start_server

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

COURSE = "channels-course"
CHECK_COMMAND = re.compile(
    rf"^\.\./{COURSE}/\.venv/bin/nox -f \.\./{COURSE}/noxfile\.py -s check -- (\S+) \.$"
)
RUNSERVER = ".venv/bin/python manage.py runserver"


def build_it(html):
    """Return the code blocks of a page's "Build it" section, in page order."""
    soup = BeautifulSoup(html, "html.parser")
    heading = soup.find("h2", id="build-it")
    assert heading is not None, "the page has no Build it section"
    blocks = []
    for element in heading.find_all_next(["h2", "div"]):
        if element.name == "h2":
            break
        # Collapsed blocks hold what a learner may read, not what they must do.
        if "highlight" in element.get("class", []) and element.find_parent("details") is None:
            blocks.append(element)
    return blocks


def actions(block):
    """Return what one code block asks of a learner: ("file", path, text) or ("run", command)."""
    code = block.find("code").get_text()
    title = block.find("span", class_="filename")
    if title is not None:
        return [("file", title.get_text().strip(), code)]
    if "language-console" in block.get("class", []):
        return [("run", line[2:].strip()) for line in code.splitlines() if line.startswith("$ ")]
    return []


def written(text):
    """Return a shown file's text as a learner's editor saves it: one final newline."""
    return text.rstrip("\n") + "\n" if text.strip() else ""


class Learner:
    """A learner's two folders, and the steps they carry out in them."""

    def __init__(self, root):
        """Start in the course folder, where the course's quickstart leaves a learner."""
        self.course = root / COURSE
        shutil.copytree(REPO_ROOT / "requirements", self.course / "requirements")
        self.cwd = self.course
        self.project = None

    def run(self, command, step, tmp_path):
        """Run one command as a learner would; follow `cd`, and serve and check as nox would."""
        if command.startswith("cd "):
            self.cwd = (self.cwd / shlex.split(command)[1]).resolve()
            return
        checked = CHECK_COMMAND.match(command)
        if checked:
            assert checked[1] == step, f"the page checks {checked[1]}, not its own step"
            code = check.main([step, str(self.cwd)])
            assert code == 0, f"nox -s check -- {step} failed on the folder built from the page"
            return
        if command == RUNSERVER:
            self.serve(tmp_path)
            return
        result = subprocess.run(
            ["bash", "-ec", command],
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, f"$ {command}\n{result.stdout}{result.stderr}"

    def serve(self, tmp_path):
        """Start the learner's own server with their own Python, see it answer, stop it."""
        # On a free port rather than 8000, which may be busy on this machine.
        server = start_server(self.cwd, tmp_path / "runserver.log", python=".venv/bin/python")
        try:
            server.wait_until_serving()
            assert "Starting ASGI/Daphne version" in server.output()
        finally:
            server.stop()

    def write(self, path, text):
        """Create or replace a file, with its folders, as the page shows it."""
        target = self.cwd / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(written(text), encoding="utf-8")


def project_files(folder):
    """Return a project's files with their text, the step's tests left out."""
    return {
        rel: (folder / rel).read_text(encoding="utf-8")
        for rel in list_files(folder)
        if not is_test_support(rel)
    }


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    """Return one learner, who carries their folder from step to step."""
    return Learner(tmp_path_factory.mktemp("learner"))


@pytest.fixture(scope="module")
def done():
    """Return the steps the learner has finished so far."""
    return []


@pytest.mark.parametrize("step", list_steps())
def test_the_built_pages_alone_build_each_step_and_its_check_passes(
    site_url, learner, done, step, tmp_path
):
    if len(done) != list_steps().index(step):
        pytest.skip("an earlier step could not be built from its page")
    with urllib.request.urlopen(f"{site_url}steps/{step}/", timeout=10) as response:
        blocks = build_it(response.read().decode())
    commands = []

    for block in blocks:
        for action in actions(block):
            if action[0] == "file":
                learner.write(action[1], action[2])
            else:
                commands.append(action[1])
                learner.run(action[1], step, tmp_path)

    assert any(CHECK_COMMAND.match(command) for command in commands), "the page runs no check"
    assert RUNSERVER in commands, "the page never runs the learner's own server"
    assert project_files(learner.cwd) == project_files(step_dir(step))
    done.append(step)
