"""Check a learner's computer the week before a workshop: one line per check, and each fix.

`nox -s doctor` installs the course's pinned packages, then runs this as
`python -m course_kit.doctor`; when the install fails, it runs this with
`--install-failed` so that the learner still reads what to do.
"""

import argparse
import asyncio
import concurrent.futures
import contextlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from course_kit.files import is_test_support, list_files
from course_kit.layout import REPO_ROOT, step_dir
from course_kit.processes import HOST
from course_kit.server import manage, running_server

OK, OPTIONAL, FAILED = "ok", "optional", "failed"
MARKS = {OK: "✓", OPTIONAL: "-", FAILED: "✗"}

MINIMUM_PYTHON = (3, 10)
# The packages a learner meets by name; the pins of their dependencies come along.
PACKAGES = ("Django", "channels", "daphne", "channels-redis", "pytest", "websockets", "playwright")
REQUIREMENTS = (REPO_ROOT / "requirements" / "app.txt", REPO_ROOT / "requirements" / "tests.txt")
# The ports the course's commands serve on, and what serves there.
COURSE_PORTS = {8000: "the course's runserver", 8001: "the docs, nox -s docs_serve"}
OTHER_PORT = 8002
BANNER = re.compile(r"Starting ASGI/Daphne version (\S+)")
# Variables from a learner's shell that would make the servers load other code.
UNSET = {"PYTHONPATH": None, "DJANGO_SETTINGS_MODULE": None, "PYTHONSTARTUP": None}

PYTHON_FIX = (
    "Install Python 3.10 or newer (Debian/Ubuntu: `sudo apt-get install python3.11"
    " python3.11-venv`, from the deadsnakes PPA on Ubuntu 20.04; macOS: `brew install"
    " python@3.12`; Windows: the installer from python.org), then make .venv again with it"
    " (`python3.11 -m venv --clear .venv`, `py -3.12 -m venv --clear .venv` on Windows) and"
    " reinstall requirements/nox.txt into it, since the doctor runs on the Python that runs nox."
)
VENV_FIX = (
    "Install Python's venv support: on Debian/Ubuntu `sudo apt-get install python3-venv`"
    " (python3.X-venv for the X of `python3 --version`); the Pythons from python.org, Homebrew"
    " and the Microsoft Store have it built in."
)
PACKAGES_FIX = (
    "Install the pinned versions: `nox -s doctor` does (delete .nox/doctor first if a version"
    " stays wrong), and so does `python -m pip install -r requirements/app.txt -r"
    " requirements/tests.txt` in an environment of your own."
)
NOT_TRIED_FIX = "Fix the install above, then run `nox -s doctor` again."
CHANGED_FIX = (
    "If `git status` lists changes in steps/, `git checkout -- steps/` undoes them;"
    " otherwise send this whole output to the workshop's organisers."
)
CHROMIUM_FIX = (
    "To run them, install Chromium where the course finds it: Debian `sudo apt-get install"
    " chromium`, Ubuntu `sudo apt-get install chromium-browser`; on macOS and Windows install"
    " Google Chrome and set CHROMIUM_PATH to its binary"
    " (`/Applications/Google Chrome.app/Contents/MacOS/Google Chrome`,"
    " `C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe`)."
)
REDIS_FIX = (
    "To run them, install Redis: Debian/Ubuntu `sudo apt-get install redis-server`, macOS"
    " `brew install redis`; Windows has no native build, so go without (nothing else needs it)"
    " or run the tests inside WSL."
)


@dataclass
class Result:
    """What one check found: ok, optional (missing but not needed) or failed; and the fix."""

    status: str
    line: str
    fix: str = ""


def why(message, width=160):
    """Return one line saying why something failed: the first, and the last if it announces more."""
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    if not lines:
        return "no reason given"
    line = lines[0]
    # "manage.py migrate failed:" says little; the last line of what follows says why.
    if line.endswith(":") and len(lines) > 1:
        line = f"{line} … {lines[-1]}"
    return line if len(line) <= width else line[: width - 1] + "…"


def loopback_proxy():
    """Return the proxy an HTTP or WebSocket client would use for 127.0.0.1, or None."""
    # urllib and websockets both honour HTTP(S)_PROXY unless NO_PROXY exempts
    # the host: set for pip, it would catch the tests' local connections too.
    if urllib.request.proxy_bypass(HOST):
        return None
    proxies = urllib.request.getproxies()
    return next((proxies[s] for s in ("ws", "socks", "https", "http") if proxies.get(s)), None)


def local_fix(fix):
    """Return `fix`, or how to exempt 127.0.0.1 from a proxy when one would catch it."""
    proxy = loopback_proxy()
    if proxy:
        return (
            f"Your proxy setting ({proxy}) also catches 127.0.0.1: set"
            " NO_PROXY=127.0.0.1,localhost (`set NO_PROXY=127.0.0.1,localhost` on Windows) and"
            " run again."
        )
    return fix


def check_python(version=None):
    """Check that Python is 3.10 or newer; `version` stands in for this one's."""
    version = tuple(version or sys.version_info[:3])
    shown = ".".join(str(part) for part in version)
    if version >= MINIMUM_PYTHON:
        return Result(OK, f"Python {shown} (the course needs 3.10 or newer)")
    return Result(FAILED, f"Python {shown} is too old: the course needs 3.10 or newer", PYTHON_FIX)


def check_venv(command=None, ensurepip=None):
    """Check that `python -m venv` makes an environment, and that ensurepip can put pip in it."""
    command = list(command or [sys.executable, "-m", "venv", "--without-pip"])
    if ensurepip is None:
        # Debian and Ubuntu move ensurepip into python3-venv: without that package
        # `venv --without-pip` still works, but a learner's `python3 -m venv` fails.
        ensurepip = importlib.util.find_spec("ensurepip") is not None
    folder = tempfile.mkdtemp(prefix="course-doctor-")
    try:
        made = subprocess.run(
            [*command, os.path.join(folder, "venv")],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return Result(FAILED, f"A virtual environment cannot be made: {why(error)}", VENV_FIX)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if made.returncode != 0:
        # The last line of venv's output is the error; the lines before, its traceback.
        output = (made.stderr or made.stdout).strip().splitlines()
        reason = why(output[-1] if output else f"exit code {made.returncode}")
        return Result(FAILED, f"A virtual environment cannot be made: {reason}", VENV_FIX)
    if not ensurepip:
        return Result(
            FAILED, "A virtual environment can be made, but without pip: no ensurepip", VENV_FIX
        )
    return Result(OK, "A virtual environment can be made, with pip")


def installed_version(name):
    """Return the installed version of a distribution, or None."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def read_pins(paths):
    """Return each package's specifiers in requirement files, where their markers hold."""
    # Imported here: packaging is one of the pinned packages, not the standard library.
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for path in paths:
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            line = re.sub(r"(^|\s)#.*", "", raw).strip()
            if not line or line.startswith("-"):
                continue  # Comments, and options such as -r or --index-url.
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate():
                name = canonicalize_name(requirement.name)
                pins.setdefault(name, []).append(requirement.specifier)
    return pins


def check_packages(installed=installed_version, requirements=REQUIREMENTS):
    """Check that the course's main packages are installed at their pinned versions."""
    try:
        from packaging.utils import canonicalize_name

        pins = read_pins(requirements)
    except (ImportError, OSError, ValueError) as error:
        return Result(
            FAILED, f"The pins in requirements/ cannot be read: {why(error)}", PACKAGES_FIX
        )
    found, wrong = [], []
    for name in PACKAGES:
        version = installed(name)
        specifiers = pins.get(canonicalize_name(name), [])
        # app.txt and tests.txt pin most packages twice, alike.
        pinned = ",".join(dict.fromkeys(str(specifier) for specifier in specifiers))
        if not specifiers:
            wrong.append(f"{name} has no pin")
        elif version is None:
            wrong.append(f"{name} missing (pinned {pinned})")
        elif not all(spec.contains(version, prereleases=True) for spec in specifiers):
            wrong.append(f"{name} {version} (pinned {pinned})")
        else:
            found.append(f"{name} {version}")
    if wrong:
        return Result(FAILED, f"Packages differ from the pins: {', '.join(wrong)}", PACKAGES_FIX)
    return Result(OK, f"The pinned packages are installed: {', '.join(found)}")


def install_failure(source, python_ok=True):
    """Return the failed result for an install of the pins that did not complete."""
    where = "wheelhouse/" if source == "wheelhouse" else "the package index"
    line = f"The pinned packages did not install from {where} (the installer's error is above)"
    version = ".".join(str(part) for part in sys.version_info[:2])
    if not python_ok:
        fix = "Fix Python first (see above): the pinned packages need Python 3.10 or newer."
    elif source == "wheelhouse":
        fix = (
            "wheelhouse/ lacks wheels for this computer: get one made by `nox -s wheelhouse` on"
            f" the same system with Python {version}, or delete wheelhouse/ to install from the"
            " internet."
        )
    else:
        fix = (
            "Check that this computer is online; behind a proxy, set"
            " HTTPS_PROXY=http://HOST:PORT and NO_PROXY=127.0.0.1,localhost (with `set` on"
            " Windows) and run again; with no network at all, put the workshop's wheelhouse/"
            " folder at the root of this checkout, and `nox -s doctor` installs from it"
            " (`pip install --no-index --find-links wheelhouse -r …`)."
        )
    return Result(FAILED, line, fix)


@contextlib.contextmanager
def copied(source):
    """Copy a project's own files, not its tests or database, to a temporary folder; yield it."""
    folder = Path(tempfile.mkdtemp(prefix="course-doctor-"))
    try:
        project = folder / Path(source).name
        for rel in list_files(source):
            if not is_test_support(rel):
                (project / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(source, rel), project / rel)
        yield project
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_server(project=None):
    """Check that step 01, copied, migrates and serves under Daphne on a free port."""
    source = project or step_dir("01_setup")
    with copied(source) as copy:
        try:
            manage(copy, "migrate", "--noinput", env=UNSET)
            with running_server(copy, copy.parent / "server.log", env=UNSET) as server:
                try:
                    output = server.wait_for("Starting ASGI/Daphne version", timeout=2)
                except AssertionError:
                    output = server.output()
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            return Result(
                FAILED, f"Step 01's server did not start: {why(error)}", local_fix(CHANGED_FIX)
            )
    banner = BANNER.search(output)
    if banner is None:
        return Result(
            FAILED,
            "Step 01's server answered, but without Daphne's banner: it does not serve ASGI",
            "`daphne` must come first in INSTALLED_APPS of config/settings.py; "
            + CHANGED_FIX[0].lower()
            + CHANGED_FIX[1:],
        )
    return Result(OK, f"Step 01's server starts: Daphne {banner.group(1)} served {server.url}/")


async def round_trip(server, text):
    """Send `text` to the echo consumer over a real WebSocket; return what comes back."""
    import websockets

    async with websockets.connect(
        server.ws_url + "/ws/echo/", origin=server.url, open_timeout=5
    ) as websocket:
        await websocket.send(text)
        return await asyncio.wait_for(websocket.recv(), 5)


def check_websocket(project=None):
    """Check that a message makes a round trip through step 02's real server, copied."""
    try:
        import websockets
    except ImportError as error:
        return Result(
            FAILED, f"No WebSocket client to try step 02 with: {why(error)}", PACKAGES_FIX
        )
    source = project or step_dir("02_echo")
    text = "hello from the doctor"
    with copied(source) as copy:
        try:
            manage(copy, "migrate", "--noinput", env=UNSET)
            with running_server(copy, copy.parent / "server.log", env=UNSET) as server:
                echoed = asyncio.run(round_trip(server, text))
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            return Result(
                FAILED, f"Step 02's server did not start: {why(error)}", local_fix(CHANGED_FIX)
            )
        except websockets.InvalidStatus as error:
            line = f"Step 02's server refused the WebSocket: HTTP {error.response.status_code}"
            return Result(FAILED, line, local_fix(CHANGED_FIX))
        except (OSError, asyncio.TimeoutError, websockets.WebSocketException) as error:
            reason = why(f"{type(error).__name__}: {error}")
            line = f"No WebSocket round trip through step 02's server: {reason}"
            return Result(FAILED, line, local_fix(CHANGED_FIX))
    if echoed != text:
        return Result(FAILED, f"Step 02's server echoed {echoed!r}, not {text!r}", CHANGED_FIX)
    return Result(OK, f"A WebSocket message makes a round trip through step 02 at {server.ws_url}")


def not_tried(what):
    """Return the failed result of a check that needs the packages that did not install."""
    return Result(FAILED, f"{what}: not tried, as the packages did not install", NOT_TRIED_FIX)


def port_problem(port):
    """Return the error a server would meet listening on `port`, or None when it is free."""
    with socket.socket() as sock:
        if os.name != "nt":
            # As Twisted does: a port a stopped server left in TIME_WAIT is free.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as error:
            return error
    # macOS and Windows may let the bind through beside a program on 0.0.0.0.
    try:
        socket.create_connection((HOST, port), timeout=0.5).close()
    except OSError:
        return None
    return OSError(f"a program answers on {HOST}:{port}")


def check_port(port):
    """Check that a server can listen on `port` of 127.0.0.1."""
    purpose = COURSE_PORTS.get(port)
    named = f"Port {port}" + (f" ({purpose})" if purpose else "")
    problem = port_problem(port)
    if problem is None:
        return Result(OK, f"{named} is free on {HOST}")
    other = OTHER_PORT if port != OTHER_PORT else OTHER_PORT + 1
    if getattr(problem, "errno", None) == 13 or getattr(problem, "winerror", None) == 10013:
        fix = (
            "Another program holds it for itself, or Windows reserves it, often for Hyper-V or"
            " WSL (`netsh interface ipv4 show excludedportrange protocol=tcp` lists the ranges):"
            f" use another port, such as `python manage.py runserver {other}`."
        )
        return Result(FAILED, f"{named} cannot be used: {problem.strerror}", fix)
    fix = (
        f"Stop the program that holds it (find it with `lsof -i :{port}` on Linux or macOS,"
        f" `netstat -ano | findstr :{port}` on Windows), or use another port, such as"
        f" `python manage.py runserver {other}`."
    )
    return Result(FAILED, f"{named} is in use on {HOST}", fix)


def check_chromium():
    """Look for the Chromium the browser tests drive; it is optional."""
    try:
        from course_kit.browser import find_chromium
    except ImportError:
        # browser.py imports pytest, which a failed install may have left out.
        return Result(
            OPTIONAL, "Chromium: not looked for, as the packages did not install", NOT_TRIED_FIX
        )
    path = find_chromium()
    if path is None:
        return Result(
            OPTIONAL, "Chromium not found: the browser tests will be skipped", CHROMIUM_FIX
        )
    if not os.path.isfile(path):
        return Result(
            OPTIONAL,
            f"CHROMIUM_PATH names {path}, which is no file: the browser tests will fail",
            "Set CHROMIUM_PATH to the browser's binary, or unset it to use the Chromium on PATH.",
        )
    return Result(OK, f"Chromium, for the browser tests: {path}")


def check_redis_server():
    """Look for the redis-server the tests across processes start; it is optional."""
    path = shutil.which("redis-server")
    if path is None:
        return Result(
            OPTIONAL, "redis-server not found: the Redis tests will be skipped", REDIS_FIX
        )
    return Result(OK, f"redis-server, for the Redis tests: {path}")


def main(argv=None, out=None):
    """Run every check, print a line for each, and return 0 when the required ones hold."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="nox -s doctor --", description="Check this computer for the course's workshop."
    )
    parser.add_argument(
        "--ports",
        type=int,
        nargs="+",
        default=list(COURSE_PORTS),
        metavar="PORT",
        help="the ports that must be free on 127.0.0.1 (default: 8000 8001)",
    )
    parser.add_argument(
        "--install-failed",
        choices=("index", "wheelhouse"),
        help="for nox -s doctor: installing the pins failed, from the index or from wheelhouse/",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    results = []

    def report(result):
        results.append(result)
        print(f"  {MARKS[result.status]} {result.line}", file=out, flush=True)
        if result.fix:
            print(f"      {result.fix}", file=out, flush=True)

    print(f"Checking this computer for the course, with the Python at {sys.executable}:", file=out)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        # The two servers take the longest: they start side by side, first.
        servers = (
            [] if args.install_failed else [pool.submit(check_server), pool.submit(check_websocket)]
        )
        python = check_python()
        report(python)
        report(check_venv())
        if args.install_failed:
            report(install_failure(args.install_failed, python_ok=python.status == OK))
            report(not_tried("Step 01's server"))
            report(not_tried("The WebSocket round trip through step 02"))
        else:
            report(check_packages())
            for server in servers:
                report(server.result())
    for port in args.ports:
        report(check_port(port))
    report(check_chromium())
    report(check_redis_server())

    elapsed = f"{time.monotonic() - started:.1f} s"
    failed = sum(result.status == FAILED for result in results)
    missing = sum(result.status == OPTIONAL for result in results)
    print(file=out)
    if failed:
        checks = "1 required check fails" if failed == 1 else f"{failed} required checks fail"
        print(
            f"{MARKS[FAILED]} Not ready yet: {checks}; fix each ✗ above, then run"
            f" `nox -s doctor` again ({elapsed}).",
            file=out,
        )
        return 1
    note = f"; without the {missing} marked -, some tests will be skipped" if missing else ""
    print(
        f"{MARKS[OK]} Ready for the workshop: every required check holds{note} ({elapsed}).",
        file=out,
    )
    return 0


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        # A Windows console may not know ✓ and ✗: print "?" rather than fail.
        sys.stdout.reconfigure(errors="replace")
    sys.exit(main())
