"""The kit finds the steps by their manage.py and understands a learner's step names."""

import pytest

from course_kit.layout import last_step, list_steps, previous_step, resolve_step


def test_steps_are_the_folders_with_a_manage_py_in_course_order():
    steps = list_steps()

    assert steps == sorted(steps)
    assert steps[0] == "01_setup"


def test_last_step_is_the_highest_numbered_one():
    assert last_step() == list_steps()[-1]


@pytest.mark.parametrize("name", ["02_echo", "02", "2", "echo"])
def test_a_step_can_be_named_by_number_or_by_name(name):
    assert resolve_step(name) == "02_echo"


def test_an_unknown_step_is_refused_with_the_choices():
    with pytest.raises(LookupError, match="01_setup"):
        resolve_step("99")


def test_the_first_step_has_no_previous_step():
    assert previous_step(list_steps()[0]) is None
    assert previous_step(list_steps()[1]) == list_steps()[0]
