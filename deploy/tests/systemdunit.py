"""Read the few parts of a systemd unit file that the tests run."""

import re
import shlex
from collections import defaultdict

SPECIFIER = re.compile(r"%(.)")


def parse(text):
    """Return {section: {key: [values, in order]}} for a unit file."""
    sections = defaultdict(lambda: defaultdict(list))
    section = None
    pending = ""
    for raw in text.splitlines():
        line = pending + raw.strip()
        pending = ""
        if not line or line[0] in "#;":
            continue
        if line.endswith("\\"):
            # A trailing backslash continues the setting on the next line.
            pending = line[:-1] + " "
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        if section is None or "=" not in line:
            raise ValueError(f"not a unit file line: {raw!r}")
        key, value = line.split("=", 1)
        sections[section][key.strip()].append(value.strip())
    return sections


def expand(value, instance):
    """Replace %i by the instance name and %% by %; refuse any other specifier."""

    def replace(match):
        if match[1] == "i":
            return instance
        if match[1] == "%":
            return "%"
        raise ValueError(f"the tests do not know the specifier %{match[1]} in {value!r}")

    return SPECIFIER.sub(replace, value)


def environment(service, instance):
    """Return the variables that the Environment= lines set, in order."""
    variables = {}
    for value in service.get("Environment", []):
        for assignment in shlex.split(value):
            name, _, setting = assignment.partition("=")
            variables[name] = expand(setting, instance)
    return variables


def exec_start(service, instance):
    """Return ExecStart as an argument list, with %i expanded."""
    (command,) = service["ExecStart"]
    # "-", "@", "+", "!" prefixes change how systemd runs the command; none is expected.
    if command[0] in "-@+!:":
        raise ValueError(f"ExecStart has a prefix the tests do not model: {command!r}")
    return [expand(arg, instance) for arg in shlex.split(command)]


def environment_file(text):
    """Read an EnvironmentFile: KEY=value lines, blank lines and # comments."""
    variables = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        name, sep, value = line.partition("=")
        if not sep:
            raise ValueError(f"not a KEY=value line: {raw!r}")
        variables[name.strip()] = value.strip()
    return variables
