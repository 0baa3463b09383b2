"""The workshop agenda follows from the pages and the step folders, with slots a room can keep."""

from pathlib import Path

from tools.course_docs.agenda import SHORTEST_SLOT, build_minutes
from tools.course_docs.diff import FileChange
from tools.course_docs.generated import expected_outputs


def change(path, status="added", added=10):
    """Return a FileChange of `added` lines at `path`."""
    return FileChange(path, status, binary=False, added=added, removed=0, diff="")


def test_building_takes_longer_with_more_files_and_lines():
    few = build_minutes([change("a.py", added=10)])
    many = build_minutes([change(f"{n}.py", added=100) for n in range(6)])

    assert many > few > 0


def test_the_steps_tests_cost_a_learner_no_building_time():
    assert build_minutes([change("tests/test_a.py", added=500), change("pytest.ini")]) == 0


def test_every_step_gets_a_row_with_a_slot_in_fives_and_the_total_last(clean_repo):
    agenda = expected_outputs(clean_repo.root)["docs/generated/agenda.md"]

    rows = agenda.strip().splitlines()[2:]
    slots = [int(row.rsplit("**", 2)[1].split()[0]) for row in rows]
    assert [row.split("|")[1].strip() for row in rows[:-1]] == [
        "[01_a](steps/01_a.md)",
        "[02_b](steps/02_b.md)",
    ]
    assert all(slot % 5 == 0 and slot >= SHORTEST_SLOT for slot in slots[:-1])
    assert slots[-1] == sum(slots[:-1])


def test_each_step_of_the_course_fits_the_guides_slot_of_30_to_45_minutes():
    # docs/facilitator.md promises this range; a step that outgrows it must say so there.
    root = Path(__file__).resolve().parents[2]
    agenda = expected_outputs(root)["docs/generated/agenda.md"]

    rows = agenda.strip().splitlines()[2:-1]
    slots = [int(row.rsplit("**", 2)[1].split()[0]) for row in rows]
    assert slots
    assert all(30 <= slot <= 45 for slot in slots), slots
