"""Reproduce "Communicators left open": a forgotten disconnect, a shared communicator."""

import re

import pytest


@pytest.fixture(scope="module")
def course_run(sample_runs):
    """Return the output of pytest run on the sample tests with the course's settings."""
    _, output = sample_runs["course"].result()
    return output


def test_forgotten_disconnect_passes_silently_and_its_disconnect_never_runs(course_run):
    assert "PASSED test_forgotten_disconnect.py::test_member_connects" in course_run
    assert (
        "PASSED test_forgotten_disconnect.py::test_the_forgotten_consumer_never_ran_its_disconnect"
        in course_run
    )
    # Nothing in the output says that anything was left open.
    for quiet in ("warning", "Event loop is closed", "Task was destroyed"):
        assert quiet.lower() not in course_run.lower()


def test_communicator_shared_between_tests_is_bound_to_a_different_event_loop(course_run):
    assert "FAILED test_shared_communicator.py::test_echo_answers" in course_run
    assert re.search(
        r"^E +RuntimeError: <Queue at 0x[0-9a-f]+ maxsize=0 tasks=1> "
        r"is bound to a different event loop$",
        course_run,
        re.MULTILINE,
    )
