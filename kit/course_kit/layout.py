"""Find the course's steps: every folder of steps/ that holds a manage.py."""

from pathlib import Path

# kit/course_kit/layout.py sits two folders below the repository root.
REPO_ROOT = Path(__file__).resolve().parents[2]
STEPS_DIR = REPO_ROOT / "steps"


def list_steps():
    """Return the step names in course order, such as ["01_setup", "02_echo"]."""
    return sorted(path.name for path in STEPS_DIR.iterdir() if (path / "manage.py").is_file())


def last_step():
    """Return the name of the finished step, the last one."""
    return list_steps()[-1]


def step_dir(step):
    """Return the folder of a step."""
    return STEPS_DIR / step


def resolve_step(name):
    """Return the step a learner means by `name`: "03", "3", "03_routing" or "routing"."""
    steps = list_steps()
    if name in steps:
        return name
    matches = [
        step
        for step in steps
        if step.split("_", 1)[0].lstrip("0") == name.lstrip("0") or step.split("_", 1)[-1] == name
    ]
    if len(matches) != 1:
        raise LookupError(f"no step {name!r}: choose one of {', '.join(steps)}")
    return matches[0]


def previous_step(step):
    """Return the step before `step`, or None for the first one."""
    steps = list_steps()
    index = steps.index(step)
    return steps[index - 1] if index else None
