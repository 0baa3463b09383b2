"""Start and stop the real programs the tests talk to, on loopback only."""

import socket
import subprocess
import time
from pathlib import Path

HOST = "127.0.0.1"


def free_port():
    """Ask the kernel for a loopback port nobody is using."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def stop(process, timeout=10):
    """Stop a process with SIGTERM, and kill it if it hangs."""
    if process.poll() is None:
        # SIGTERM, not SIGINT: a shell starts background jobs with SIGINT
        # ignored, and Twisted and redis-server stop cleanly on either.
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


def read_log(log_path):
    """Return everything a process wrote to its log file so far."""
    return Path(log_path).read_text(errors="replace")


def wait_for_text(log_path, text, timeout=10):
    """Return the log once it holds `text`; fail if it does not within `timeout` s."""
    # A server logs a request after answering it: the client can be faster.
    deadline = time.monotonic() + timeout
    while text not in (output := read_log(log_path)):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not printed within {timeout}s:\n{output}")
        time.sleep(0.05)  # A log file offers nothing to await.
    return output


def bypass_proxy_for_loopback(env):
    """Add 127.0.0.1 and localhost to NO_PROXY in `env`, a dict like os.environ."""
    # Behind a proxy, HTTP and WebSocket clients would send even 127.0.0.1 to it
    # (websockets honours HTTPS_PROXY for ws:// URLs).
    hosts = [env.get("NO_PROXY") or env.get("no_proxy"), HOST, "localhost"]
    env["NO_PROXY"] = env["no_proxy"] = ",".join(filter(None, hosts))
