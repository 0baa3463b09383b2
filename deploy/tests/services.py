"""Start the real programs of a deployment on free loopback ports, and stop them."""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import systemdunit
from course_kit.layout import REPO_ROOT, last_step, step_dir
from course_kit.processes import HOST, free_port, read_log, stop
from course_kit.server import Server, server_env

# The host name the shipped files use; the tests give it to nginx and Django
# as a browser would, while every connection goes to 127.0.0.1.
HOSTNAME = "chat.example.com"
REPO = REPO_ROOT
DEPLOY = REPO / "deploy"
UNIT = DEPLOY / "systemd" / "channels-course@.service"
ENV_FILE = DEPLOY / "systemd" / "channels-course.env"
NGINX_SITE = DEPLOY / "nginx" / "channels-course.conf"
MANAGE_SH = DEPLOY / "manage.sh"
# Where the unit expects the repository; the tests use this checkout instead.
PREFIX = "/srv/channels-course"
# The app production runs: the finished step, which the unit's
# WorkingDirectory must name (test_daphne_unit.py checks that it does).
STEP_DIR = step_dir(last_step())


def localize(value):
    """Point a path of the unit at this checkout instead of /srv/channels-course."""
    return value.replace(PREFIX, str(REPO))


def unit_service():
    """Return the [Service] section of the systemd unit."""
    return systemdunit.parse(UNIT.read_text())["Service"]


def daphne_command(port, env_file):
    """Return the unit's (argv, working folder, environment) for one instance, run here.

    `env_file` stands in for the unit's EnvironmentFile, /etc/channels-course/env.
    """
    service = unit_service()
    argv = systemdunit.exec_start(service, str(port))
    # The unit runs the daphne of its virtual environment; run this Python's.
    if argv[0] != f"{PREFIX}/.venv/bin/daphne":
        raise ValueError(f"ExecStart does not run the venv's daphne: {argv[0]}")
    argv = [sys.executable, "-m", "daphne", *argv[1:]]
    (folder,) = service["WorkingDirectory"]
    if service["EnvironmentFile"] != ["/etc/channels-course/env"]:
        raise ValueError(f"unexpected EnvironmentFile: {service['EnvironmentFile']}")
    env = systemdunit.environment(service, str(port))
    # As in systemd, the file's values win over Environment= lines.
    env.update(systemdunit.environment_file(Path(env_file).read_text()))
    return argv, Path(localize(folder)), {name: localize(value) for name, value in env.items()}


def write_env_file(path, **values):
    """Write an environment file: the example's variables, with `values` replacing them."""
    variables = {**systemdunit.environment_file(ENV_FILE.read_text()), **values}
    Path(path).write_text("".join(f"{name}={value}\n" for name, value in variables.items()))
    return Path(path)


@contextlib.contextmanager
def running(argv, log_path, cwd=None, env=None):
    """Start a program with its output in `log_path`; stop it on the way out."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    try:
        yield process
    finally:
        stop(process)


def request(port, path="/", *, method="GET", headers=None, body=None, tls=None, hostname=None):
    """Send one HTTP request to 127.0.0.1:port; return (status, headers, body).

    With `tls` (an ssl.SSLContext) the request goes over TLS, and `hostname` is
    both the name the certificate must match and the Host header.
    """
    if tls is None:
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
    else:
        connection = http.client.HTTPSConnection(hostname, port, context=tls, timeout=5)
        raw = socket.create_connection((HOST, port), timeout=5)
        connection.sock = tls.wrap_socket(raw, server_hostname=hostname)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def wait_for_port(port, process, log_path, timeout=10):
    """Wait until something accepts TCP connections on the port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"exited early with code {process.returncode}:\n{read_log(log_path)}"
            )
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"port {port} not open within {timeout}s:\n{read_log(log_path)}")


def nginx_main_config(folder, site_path):
    """Write a minimal nginx.conf in `folder` that includes the site; return its path.

    It stands in for the distribution's /etc/nginx/nginx.conf, keeping every
    file nginx writes inside `folder`.
    """
    temp = Path(folder) / "temp"
    temp.mkdir(exist_ok=True)
    lines = [
        # Run as root, nginx hands requests to workers running as `user`
        # (nobody by default), who could not read the test's private temporary
        # folders. The distribution's nginx.conf names www-data instead; the
        # shipped site file has no say in this either way.
        "user root;" if os.geteuid() == 0 else "",
        "worker_processes 1;",
        "events { worker_connections 64; }",
        "http {",
        f"    access_log {folder}/access.log;",
        *(f"    {kind}_temp_path {temp}/{kind};" for kind in TEMP_KINDS),
        "    types { text/html html; text/css css; text/javascript js; }",
        "    default_type application/octet-stream;",
        f"    include {site_path};",
        "}",
    ]
    path = Path(folder) / "nginx.conf"
    path.write_text("\n".join(line for line in lines if line) + "\n")
    return path


TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx_argv(binary, folder, *extra):
    """Return the command that runs nginx on the configuration in `folder`, in the foreground."""
    return [
        binary,
        "-p",
        f"{folder}/",
        "-c",
        f"{folder}/nginx.conf",
        "-e",
        "stderr",
        "-g",
        f"daemon off; pid {folder}/nginx.pid; error_log stderr;",
        *extra,
    ]


def manage(env_file, *args, extra_env=None):
    """Run deploy/manage.sh with this checkout, this Python and `env_file`; return its output."""
    env = server_env(
        {
            "APP_ROOT": str(REPO),
            "ENV_FILE": str(env_file),
            "PYTHON": sys.executable,
            **(extra_env or {}),
        }
    )
    result = subprocess.run(
        [str(MANAGE_SH), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.sh {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


@contextlib.contextmanager
def running_daphnes(env_file, folder, count=1):
    """Start `count` daphne processes as the unit would, all at once; yield them when serving."""
    with contextlib.ExitStack() as stack:
        started = []
        for number in range(1, count + 1):
            port = free_port()
            argv, cwd, env = daphne_command(port, env_file)
            log_path = Path(folder) / f"daphne-{number}-{port}.log"
            process = stack.enter_context(running(argv, log_path, cwd=cwd, env=server_env(env)))
            started.append(Server(port=port, log_path=log_path, process=process))
        for daphne in started:
            daphne.wait_until_serving()
            # Any answer counts as serving, but a deployment that answers
            # with an error page (a bad ALLOWED_HOSTS, say) is broken.
            status = request(daphne.port, "/")[0]
            if status != 200:
                raise RuntimeError(f"GET / answered {status}:\n{daphne.output()}")
        yield started


@dataclass
class Nginx:
    """An nginx process in the foreground, serving a site file."""

    process: subprocess.Popen
    folder: Path
    log_path: Path

    def output(self):
        """Return what nginx printed so far."""
        return read_log(self.log_path)


@contextlib.contextmanager
def running_nginx(binary, folder, site_text, ports):
    """Run nginx on `site_text` in `folder`; yield it once every port in `ports` accepts."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    site_path = folder / "channels-course.conf"
    site_path.write_text(site_text)
    nginx_main_config(folder, site_path)
    log_path = folder / "nginx.log"
    with running(nginx_argv(binary, folder), log_path) as process:
        for port in ports:
            wait_for_port(port, process, log_path)
        yield Nginx(process, folder, log_path)
