"""Adapt the shipped nginx site to a test machine, changing as little as possible."""

import os

import nginxconf
from course_kit.processes import HOST
from services import NGINX_SITE


def shipped():
    """Parse deploy/nginx/channels-course.conf."""
    return nginxconf.parse(NGINX_SITE.read_text())


def is_tls(server):
    """Tell whether a server block listens with TLS."""
    return any("ssl" in listen.values[1:] for listen in server.children("listen"))


def tls_server(config):
    """Return the one server block that listens with TLS."""
    (server,) = [server for server in config.children("server") if is_tls(server)]
    return server


def redirect_server(config):
    """Return the one server block without TLS: the redirect to https."""
    (server,) = [server for server in config.children("server") if not is_tls(server)]
    return server


def for_test(*, daphne_ports, static_root, port, redirect_port=None, cert=None, drop=()):
    """Return the shipped site as text, moved onto this machine.

    What changes, and nothing else:
    - the upstream lists the daphne processes the test started;
    - the TLS server listens on 127.0.0.1:port, the redirect server on
      127.0.0.1:redirect_port;
    - with `cert` (a certificate and key path), TLS uses that certificate;
      without it, the TLS server serves plain HTTP, without its ssl_ lines,
      and the redirect server is left out;
    - the static alias points at the test's STATIC_ROOT;
    - `drop` lists directives to remove, as (location, name, first values...),
      such as ("/ws/", "proxy_set_header", "Upgrade"), to show what they do.
    """
    config = shipped()
    upstream = config.child("upstream")
    upstream.block = [nginxconf.Directive("server", [f"{HOST}:{p}"]) for p in daphne_ports]

    server, redirect = tls_server(config), redirect_server(config)
    for listen in server.children("listen"):
        flags = listen.args[1:] if cert else [arg for arg in listen.args[1:] if arg != "ssl"]
        listen.args = [f"{HOST}:{port}", *flags]
    if cert:
        certificate, key = cert
        server.child("ssl_certificate").args = [os.fspath(certificate)]
        server.child("ssl_certificate_key").args = [os.fspath(key)]
        for listen in redirect.children("listen"):
            listen.args = [f"{HOST}:{redirect_port}", *listen.args[1:]]
    else:
        server.block = [d for d in server.block if not d.name.startswith("ssl_")]
        config.block.remove(redirect)

    server.child("location", "/static/").child("alias").args = [f"{os.fspath(static_root)}/"]

    for path, name, *values in drop:
        location = server.child("location", path)
        unwanted = location.child(name, *values)  # fails if there is none to drop
        location.block.remove(unwanted)
    return nginxconf.render(config.block) + "\n"
