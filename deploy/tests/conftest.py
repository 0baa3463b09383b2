"""Fixtures: the deployment's real programs, started from the files in deploy/."""

import contextlib
import itertools
import secrets
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

import services
from course_kit.needs import missing
from course_kit.processes import HOST
from services import HOSTNAME


@dataclass
class Site:
    """What a deployment keeps outside the repository: settings file, database, static files."""

    folder: Path
    env_file: Path
    static_root: Path
    password: str

    def env_file_with(self, name, **values):
        """Write another environment file: this site's, with `values` changed."""
        current = services.systemdunit.environment_file(self.env_file.read_text())
        return services.write_env_file(self.folder / name, **{**current, **values})


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Set a site up as the page says: an env file, `migrate`, `collectstatic`, one user."""
    folder = tmp_path_factory.mktemp("site")
    env_file = services.write_env_file(
        folder / "env",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        # 127.0.0.1 too, so that the tests can also reach daphne by its address.
        DJANGO_ALLOWED_HOSTS=f"{HOSTNAME},{HOST}",
        DJANGO_STATIC_ROOT=folder / "static",
        DJANGO_SQLITE_PATH=folder / "db.sqlite3",
        # Empty: the in-memory channel layer, for the tests that run one process.
        REDIS_URL="",
    )
    password = secrets.token_urlsafe(16)
    # collectstatic touches no database: it runs beside the other two.
    with ThreadPoolExecutor(max_workers=1) as pool:
        collected = pool.submit(services.manage, env_file, "collectstatic", "--noinput")
        services.manage(env_file, "migrate", "--noinput")
        services.manage(
            env_file,
            "createsuperuser",
            "--noinput",
            "--username=ada",
            "--email=ada@example.com",
            extra_env={"DJANGO_SUPERUSER_PASSWORD": password},
        )
        collected.result()
    return Site(folder, env_file, folder / "static", password)


@pytest.fixture(scope="session")
def daphne(site, tmp_path_factory):
    """One daphne process, started with the systemd unit's command, for the whole session."""
    folder = tmp_path_factory.mktemp("daphne")
    with services.running_daphnes(site.env_file, folder) as (running,):
        yield running


@pytest.fixture(scope="session")
def nginx_binary():
    """Return the path of nginx, or skip (fail with REQUIRE_NGINX=1) without one."""
    binary = shutil.which("nginx")
    if binary is None:
        missing(
            "no nginx found: install it (apt-get install nginx) to run this test", "REQUIRE_NGINX"
        )
    return binary


@pytest.fixture(scope="session")
def certificate(nginx_binary, tmp_path_factory):
    """Make a throwaway self-signed certificate for HOSTNAME; return (certificate, key)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        missing("no openssl found to make a test certificate: install it", "REQUIRE_NGINX")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOSTNAME}"),
            *("-addext", f"subjectAltName=DNS:{HOSTNAME}"),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


@pytest.fixture
def start_nginx(nginx_binary, tmp_path):
    """Start nginx on site texts for one test; stop every one after it."""
    numbers = itertools.count(1)
    with contextlib.ExitStack() as stack:

        def start(site_text, ports):
            folder = tmp_path / f"nginx-{next(numbers)}"
            return stack.enter_context(
                services.running_nginx(nginx_binary, folder, site_text, ports)
            )

        yield start
