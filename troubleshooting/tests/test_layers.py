"""Reproduce "The in-memory layer across processes": messages that never cross over."""

import json

import pytest

from tests.clients import join, next_event
from tests.processes import MANAGE, Job, run_python, write_settings

ROOM = "/ws/rooms/across/"

# The command's refusal, as Django prints a CommandError: no traceback.
REFUSAL = (
    "CommandError: The channel layer is the in-memory one, which lives inside this command's "
    "own process: no server would hear the announcement. Run the servers and this command "
    "with the same REDIS_URL. Nothing was saved.\n"
)


# Autouse: started with the module's first test, it runs beside the others.
@pytest.fixture(scope="module", autouse=True)
def refused(workdir, step_settings):
    """Start the step's `manage.py announce` on the in-memory layer."""
    args = [*MANAGE, "announce", "refused", "nobody would hear this"]
    job = Job.start(workdir, args, step_settings, "announce-refused")
    yield job
    job.stop()


@pytest.fixture(scope="module")
def naive_settings(workdir, step_settings):
    """Write settings whose `announce` is the naive command, on the step server's database."""
    # Listed before "rooms": of two apps with a command of the same name,
    # Django runs the one listed first.
    body = 'INSTALLED_APPS.insert(INSTALLED_APPS.index("rooms"), "tests.broken")'
    return write_settings(workdir, "naive_settings", body, database=step_settings)


def test_in_memory_layer_keeps_each_process_to_itself(step_server, second_step_server):
    with join(second_step_server, ROOM) as listener, join(step_server, ROOM) as speaker:
        speaker.send(json.dumps({"type": "message", "text": "lost between processes"}))
        # The speaker hears its own message: the broadcast in its process is over.
        echoed = next_event(speaker)
        # Had the speaker's join or message crossed over, the listener would
        # read it before this newcomer's join, which happens in its own process.
        with join(second_step_server, ROOM):
            heard = next_event(listener)

    assert echoed["text"] == "lost between processes"
    assert heard == {"type": "join", "room": "across", "users": ["anonymous"]}


def test_naive_command_on_the_in_memory_layer_reports_success_and_no_page_hears(
    step_server, workdir, naive_settings
):
    room = "/ws/rooms/naive/"
    args = [*MANAGE, "announce", "naive", "Doors close at six"]

    with join(step_server, room) as listener:
        code, output = run_python(workdir, args, naive_settings, "announce-naive")
        # The command has exited, its send done. A newcomer's join reaches the
        # listener after anything sent before it, so the announcement would come first.
        with join(step_server, room) as newcomer:
            heard = next_event(listener)
            replayed = next_event(newcomer)

    assert code == 0
    assert heard == {"type": "join", "room": "naive", "users": ["anonymous"]}
    # The row was saved: a page that connects reads it from the database.
    assert (replayed["type"], replayed["text"]) == ("announcement", "Doors close at six")
    assert output == f"Announced #{replayed['id']} to naive: Doors close at six\n"


def test_the_steps_command_refuses_the_in_memory_layer_with_status_1(refused):
    code, output = refused.result()

    assert code == 1
    assert output == REFUSAL
