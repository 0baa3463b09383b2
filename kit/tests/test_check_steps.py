"""The check tells right from wrong: each step passes, the step before it and a slip do not."""

import ast

import pytest

from course_kit.check import behaviour
from course_kit.files import list_files
from course_kit.layout import list_steps, previous_step, step_dir

LATER_STEPS = list_steps()[1:]

# One deliberate mistake per step: (file, text in it, text put instead, the behaviour that
# must fail). Each is a slip a learner makes while building the step.
MISTAKES = {
    "01_setup": (
        "config/settings.py",
        '    "daphne",\n',
        "",
        "Daphne is the first installed app",
    ),
    "02_echo": (
        "config/asgi.py",
        "AllowedHostsOriginValidator(EchoConsumer.as_asgi())",
        "EchoConsumer.as_asgi()",
        "handshake from a foreign origin is refused",
    ),
    "03_routing": (
        "config/routing.py",
        '    re_path(r"", NoRouteConsumer.as_asgi()),\n',
        "",
        "routing module lists the routes last one catching all",
    ),
    "04_groups": (
        "config/settings.py",
        'channel_layers(os.environ.get("REDIS_URL"))',
        "channel_layers(None)",
        "Redis URL selects the Redis layer on that URL",
    ),
    "05_events": (
        "rooms/announcements.py",
        "transaction.on_commit(partial(send_to_room, announcement.as_event()))",
        "send_to_room(announcement.as_event())",
        "rolled back announcement is neither sent nor saved",
    ),
}


def names_of_tests(step):
    """Return the names of the test functions in a step's tests."""
    names = set()
    for rel in list_files(step_dir(step) / "tests"):
        if rel.endswith(".py"):
            tree = ast.parse((step_dir(step) / "tests" / rel).read_text())
            names |= {
                node.name for node in tree.body if getattr(node, "name", "").startswith("test_")
            }
    return names


@pytest.mark.e2e
@pytest.mark.parametrize("step", list_steps())
def test_a_copy_of_the_step_passes_its_check(run_check, learner_copy, step):
    # Every step's own tests run in full in `nox -s tests`; here the check's
    # copying, overlaying and reporting are what is judged. In full, servers and
    # browser included, for the last step, which holds every kind of test;
    # without them for the others, to keep the default run short.
    fast = [] if step == list_steps()[-1] else ["--fast"]

    code, output = run_check(step, learner_copy(step), *fast)

    assert code == 0, output
    assert f"✓ Your project is {step}" in output
    assert "✗" not in output


@pytest.mark.parametrize("step", LATER_STEPS)
def test_the_step_before_fails_the_check_naming_what_the_step_adds(run_check, learner_copy, step):
    added = names_of_tests(step) - names_of_tests(previous_step(step))

    code, output = run_check(step, learner_copy(previous_step(step)), "--fast")

    failed = {line.strip()[2:] for line in output.splitlines() if line.startswith("  ✗ ")}
    assert code == 1
    assert f"✗ Not {step} yet" in output
    assert failed & {behaviour(f"x::{name}") for name in added}


@pytest.mark.parametrize("step", list(MISTAKES))
def test_a_step_with_one_mistake_fails_naming_the_broken_behaviour(run_check, learner_copy, step):
    path, text, instead, broken = MISTAKES[step]
    folder = learner_copy(step)
    source = (folder / path).read_text()
    assert text in source, f"{step}/{path} changed: update this test's mistake"
    (folder / path).write_text(source.replace(text, instead, 1))

    code, output = run_check(step, folder, "--fast")

    assert code == 1
    assert any(line.startswith(f"  ✗ {broken}") for line in output.splitlines()), output


def test_every_step_has_a_mistake_to_catch():
    assert set(MISTAKES) == set(list_steps())
