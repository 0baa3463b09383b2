"""Download every pinned package of the course as wheels, for workshops with poor Wi-Fi.

`nox -s wheelhouse` runs this as `python -m tools.wheelhouse`. It fills `wheelhouse/`, at
the repository root, with a wheel of every pin in requirements/*.txt for each platform and
Python a learner may bring, and writes `MANIFEST.json` (and `SHA256SUMS`) beside them. A
facilitator copies the folder to a USB stick; learners then install with the index off:

    python -m pip install --no-index --find-links wheelhouse -r requirements/nox.txt

pip evaluates a requirement's environment marker (`; sys_platform == 'win32'`) against the
machine it runs on, not against the `--platform` it downloads for. So this module reads the
pinned files itself, evaluates each marker for each target, and hands pip the pins that
apply, with `--no-deps`: the files are complete lock files, so nothing else is needed.
"""

import argparse
import hashlib
import json
import re
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from packaging import tags
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEST = ROOT / "wheelhouse"
MANIFEST = "MANIFEST.json"
CHECKSUMS = "SHA256SUMS"
# Every pinned set of the course, nox.txt (nox itself) included.
REQUIREMENT_SETS = ("app", "tests", "docs", "lint", "nox")
# The Pythons the course supports, and newer ones where the pins already have wheels:
# a pin without one is recorded in the manifest, not an error.
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15")
# A marker such as python_full_version < '3.11.3' splits a minor version: a target
# stands for every patch release of its Python, so a pin is taken if either end needs it.
PATCH_RANGE = ("0", "99")
# pip's messages that mean the index could not be reached, rather than "no such wheel".
NETWORK_ERRORS = (
    "Could not fetch URL",
    "NewConnectionError",
    "Max retries exceeded",
    "ConnectTimeoutError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ProxyError",
)
NO_MATCH = re.compile(r"No matching distribution found for (\S+)")


def _manylinux(arch):
    """Return manylinux tags up to glibc 2.39, oldest first: pip then takes the most portable."""
    # aarch64 wheels begin at manylinux2014 (glibc 2.17); x86_64 ones go back to manylinux1.
    first = 5 if arch == "x86_64" else 17
    legacy = {5: "manylinux1", 12: "manylinux2010", 17: "manylinux2014"}
    found = []
    for minor in range(first, 40):
        if minor in legacy:
            found.append(f"{legacy[minor]}_{arch}")
        found.append(f"manylinux_2_{minor}_{arch}")
    return tuple(found)


def _macos(arch):
    """Return macOS tags from 11, the oldest release an Apple-silicon Mac runs, to 15."""
    # pip widens each one to the older releases, and universal2 builds, that it can run.
    return tuple(f"macosx_{major}_0_{arch}" for major in range(11, 16))


@dataclass(frozen=True)
class Platform:
    """An operating system and processor a learner's laptop may have."""

    name: str
    pip_platforms: tuple
    markers: tuple  # (marker variable, value) pairs, as on that platform


def _platform(name, pip_platforms, sys_platform, system, machine):
    """Return a platform with the marker values Python reports there."""
    os_name = "nt" if sys_platform == "win32" else "posix"
    markers = (
        ("sys_platform", sys_platform),
        ("platform_system", system),
        ("os_name", os_name),
        ("platform_machine", machine),
    )
    return Platform(name, pip_platforms, markers)


PLATFORMS = {
    platform.name: platform
    for platform in (
        _platform("linux-x86_64", _manylinux("x86_64"), "linux", "Linux", "x86_64"),
        _platform("linux-aarch64", _manylinux("aarch64"), "linux", "Linux", "aarch64"),
        _platform("macos-x86_64", _macos("x86_64"), "darwin", "Darwin", "x86_64"),
        _platform("macos-arm64", _macos("arm64"), "darwin", "Darwin", "arm64"),
        _platform("windows-amd64", ("win_amd64",), "win32", "Windows", "AMD64"),
    )
}


@dataclass(frozen=True)
class Target:
    """One platform and one Python: what a single `pip download` fetches for."""

    name: str
    python: str
    platform: Platform | None  # None: this machine, as pip itself sees it

    def pip_args(self):
        """Return pip's options that select this target's wheels."""
        if self.platform is None:
            return []
        nodot = self.python.replace(".", "")
        args = ["--implementation", "cp", "--python-version", self.python, "--abi", f"cp{nodot}"]
        for tag in self.platform.pip_platforms:
            args += ["--platform", tag]
        return args

    def environments(self):
        """Return the marker environments this target stands for."""
        base = default_environment()
        if self.platform is None:
            return [base]
        common = {
            **base,
            **dict(self.platform.markers),
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_version": "",
            "python_version": self.python,
        }
        return [
            {**common, "python_full_version": full, "implementation_version": full}
            for full in (f"{self.python}.{patch}" for patch in PATCH_RANGE)
        ]

    def supported_tags(self):
        """Return the wheel tags pip accepts for this target, most preferred first."""
        if self.platform is None:
            return list(tags.sys_tags())
        version = tuple(int(part) for part in self.python.split("."))
        platforms = []
        for tag in self.platform.pip_platforms:
            match = re.fullmatch(r"macosx_(\d+)_(\d+)_(\w+)", tag)
            if match:
                major, minor, arch = match.groups()
                more = tags.mac_platforms((int(major), int(minor)), arch)
            else:
                more = [tag]
            platforms += [name for name in more if name not in platforms]
        abi = f"cp{version[0]}{version[1]}"
        return [
            *tags.cpython_tags(version, [abi], platforms),
            *tags.compatible_tags(version, abi, platforms),
        ]


def this_machine():
    """Return the target of the Python running this module, on this machine."""
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    machine = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return Target(f"this-machine-{machine}-cp{python.replace('.', '')}", python, None)


def targets_for(platforms=None, pythons=None):
    """Return a target for every chosen platform and Python (all of them by default)."""
    return [
        Target(f"{name}-cp{python.replace('.', '')}", python, PLATFORMS[name])
        for name in platforms or PLATFORMS
        for python in pythons or PYTHONS
    ]


def read_requirements(path):
    """Return the pinned requirements of a lock file such as requirements/app.txt."""
    found = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            raise ValueError(f"{path}:{number}: options are not supported here: {line}")
        requirement = Requirement(line)
        if len(requirement.specifier) != 1 or next(iter(requirement.specifier)).operator != "==":
            raise ValueError(f"{path}:{number}: not pinned with ==: {line}")
        found.append(requirement)
    return found


def applies(requirement, target):
    """Tell whether a pinned requirement is needed on the target."""
    marker = requirement.marker
    return marker is None or any(marker.evaluate(env) for env in target.environments())


def pin(requirement):
    """Return `name==version`, without its marker."""
    return f"{requirement.name}{requirement.specifier}"


def pin_version(requirement):
    """Return the version a requirement pins."""
    return next(iter(requirement.specifier)).version


def batches(requirements):
    """Split pins into lists pip can take at once: never two versions of one name in a list."""
    found = []
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        for batch in found:
            if name not in batch:
                batch[name] = requirement
                break
            if pin_version(batch[name]) == pin_version(requirement):
                break
        else:
            found.append({name: requirement})
    return [list(batch.values()) for batch in found]


class NetworkError(RuntimeError):
    """pip could not reach the package index."""


def download(pip, specs, target, dest, log=print):
    """Download the pins `specs` for `target` into `dest`; return the pins pip had no wheel for.

    pip stops at the first pin it has no wheel for: that pin is set aside, and pip runs again
    on the rest.
    """
    remaining = list(specs)
    missing = []
    while remaining:
        command = [*pip, "download", "--only-binary=:all:", "--no-deps", "--dest", str(dest)]
        command += ["--progress-bar", "off", "--disable-pip-version-check"]
        result = subprocess.run(
            [*command, *target.pip_args(), *remaining], capture_output=True, text=True
        )
        if result.returncode == 0:
            break
        output = result.stdout + result.stderr
        signs = [line for line in output.splitlines() if any(s in line for s in NETWORK_ERRORS)]
        if signs:
            raise NetworkError(f"pip could not reach the index for {target.name}: {signs[-1]}")
        names = {canonicalize_name(spec.split("==")[0]): spec for spec in remaining}
        match = NO_MATCH.search(output)
        culprit = match and names.get(canonicalize_name(match.group(1).split("==")[0]))
        if not culprit:
            raise RuntimeError(f"pip download failed for {target.name}:\n{output}")
        log(f"  no wheel of {culprit} for {target.name}")
        missing.append(culprit)
        remaining.remove(culprit)
    return missing


def sha256(path):
    """Return a file's SHA-256, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def wheels_in(dest):
    """Return the wheel files of a folder, by name."""
    return sorted(Path(dest).glob("*.whl"), key=lambda path: path.name)


def best_wheel(requirement, wheels, supported):
    """Return the wheel pip would install for the requirement on a target, or None."""
    rank = {tag: index for index, tag in enumerate(supported)}
    name, version = canonicalize_name(requirement.name), pin_version(requirement)
    best, best_rank = None, None
    for wheel in wheels:
        wheel_name, wheel_version, _build, wheel_tags = parse_wheel_filename(wheel.name)
        if wheel_name != name or str(wheel_version) != version:
            continue
        ranks = [rank[tag] for tag in wheel_tags if tag in rank]
        if ranks and (best_rank is None or min(ranks) < best_rank):
            best, best_rank = wheel, min(ranks)
    return best


def match_wheels(dest, requirement_files, targets):
    """Match each pin that applies to each target with a wheel in `dest`.

    Return ({target name: sorted wheel names}, [missing: requirements file, pin, target]).
    """
    wheels = wheels_in(dest)
    used, missing = {}, []
    for target in targets:
        supported = target.supported_tags()
        chosen = set()
        for path in requirement_files:
            for requirement in read_requirements(path):
                if not applies(requirement, target):
                    continue
                wheel = best_wheel(requirement, wheels, supported)
                if wheel is None:
                    missing.append(
                        {
                            "requirements": display(path),
                            "requirement": pin(requirement),
                            "target": target.name,
                        }
                    )
                else:
                    chosen.add(wheel.name)
        used[target.name] = sorted(chosen)
    return used, missing


def display(path):
    """Return a path relative to the repository when it is inside it, POSIX-style."""
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def write_manifest(dest, targets, used, missing, requirement_files):
    """Write MANIFEST.json and SHA256SUMS for every wheel in `dest`; return the manifest."""
    dest = Path(dest)
    files = [
        {"name": wheel.name, "size": wheel.stat().st_size, "sha256": sha256(wheel)}
        for wheel in wheels_in(dest)
    ]
    manifest = {
        "made_by": "nox -s wheelhouse",
        "made_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "install": "python -m pip install --no-index --find-links wheelhouse "
        "-r requirements/nox.txt",
        "requirements": [display(path) for path in requirement_files],
        "targets": [
            {
                "name": target.name,
                "python": target.python,
                "platform": target.platform.name if target.platform else "this machine",
                "pip_platforms": list(target.platform.pip_platforms) if target.platform else [],
                "wheels": used.get(target.name, []),
            }
            for target in targets
        ],
        "files": files,
        "total_size": sum(item["size"] for item in files),
        "missing": missing,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    # `sha256sum -c SHA256SUMS` (or `shasum -a 256 -c` on macOS) checks a copied stick.
    sums = "".join(f"{item['sha256']}  {item['name']}\n" for item in files)
    (dest / CHECKSUMS).write_text(sums, encoding="utf-8")
    return manifest


def build(dest, requirement_files, targets, pip=None, log=print, clean=False):
    """Download the wheels of every requirement file for every target; write the manifest."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    if clean:
        for wheel in wheels_in(dest):
            wheel.unlink()
    pip = pip or [sys.executable, "-m", "pip"]
    requirements = [req for path in requirement_files for req in read_requirements(path)]
    for number, target in enumerate(targets, 1):
        wanted = [req for req in requirements if applies(req, target)]
        log(f"[{number}/{len(targets)}] {target.name}: {len({pin(r) for r in wanted})} pins")
        for batch in batches(wanted):
            download(pip, [pin(req) for req in batch], target, dest, log=log)
    used, missing = match_wheels(dest, requirement_files, targets)
    return write_manifest(dest, targets, used, missing, requirement_files)


def summary(manifest):
    """Return a few lines that say what the wheelhouse holds and what it lacks."""
    size = manifest["total_size"] / 1e6
    lines = [f"{len(manifest['files'])} wheels, {size:.0f} MB"]
    for target in manifest["targets"]:
        lacks = [
            item["requirement"] for item in manifest["missing"] if item["target"] == target["name"]
        ]
        gap = f"; no wheel: {', '.join(sorted(set(lacks)))}" if lacks else ""
        lines.append(f"  {target['name']}: {len(target['wheels'])} wheels{gap}")
    return "\n".join(lines)


def requirement_path(name):
    """Return requirements/NAME.txt for a set's name, or the path as given."""
    if name in REQUIREMENT_SETS:
        return ROOT / "requirements" / f"{name}.txt"
    return Path(name).resolve()


def parse_args(argv):
    """Read the options that `nox -s wheelhouse -- ...` passes on."""
    parser = argparse.ArgumentParser(
        prog="nox -s wheelhouse --",
        description="Download the course's pinned packages as wheels, for an offline install.",
    )
    parser.add_argument(
        "--this-machine",
        action="store_true",
        help="only this machine's platform and the Python that runs the session (quick)",
    )
    parser.add_argument(
        "--platform",
        action="append",
        choices=sorted(PLATFORMS),
        help="only this platform (repeat for more; default: all)",
    )
    parser.add_argument(
        "--python",
        action="append",
        metavar="X.Y",
        help=f"only this Python (repeat for more; default: {', '.join(PYTHONS)})",
    )
    parser.add_argument(
        "--requirements",
        action="append",
        metavar="SET",
        help=f"only this set: {', '.join(REQUIREMENT_SETS)}, or a path (default: all)",
    )
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="default: wheelhouse/")
    parser.add_argument("--clean", action="store_true", help="delete the wheels already there")
    args = parser.parse_args(argv)
    if args.this_machine and (args.platform or args.python):
        parser.error("--this-machine takes no --platform or --python")
    for python in args.python or []:
        if not re.fullmatch(r"3\.\d+", python):
            parser.error(f"--python takes a version such as 3.12, not {python!r}")
    return args


def main(argv=None):
    """Build the wheelhouse the options describe; return the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    targets = [this_machine()] if args.this_machine else targets_for(args.platform, args.python)
    files = [requirement_path(name) for name in args.requirements or REQUIREMENT_SETS]
    try:
        manifest = build(args.dest, files, targets, clean=args.clean)
    except NetworkError as error:
        print(error, file=sys.stderr)
        return 1
    print(summary(manifest))
    print(f"wrote {display(args.dest / MANIFEST)}; install with: {manifest['install']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
