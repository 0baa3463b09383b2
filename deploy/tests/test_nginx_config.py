"""Read deploy/nginx/channels-course.conf: the settings a WebSocket proxy cannot do without."""

import re

import pytest

import nginxconf
import nginxsite
import services
import systemdunit

UPSTREAM = "channels_course"
# How long daphne lets a socket idle before it pings (its --ping-interval default).
DAPHNE_PING_INTERVAL = 20
SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def seconds(value):
    """Turn an nginx time such as 90, 90s, 5m or 1h into seconds."""
    match = re.fullmatch(r"(\d+)([smhd]?)", value)
    assert match, f"not an nginx time: {value!r}"
    return int(match[1]) * SECONDS[match[2]]


def headers(location):
    """Return a location's proxy_set_header lines as {lower-case name: value}."""
    found = {}
    for directive in location.children("proxy_set_header"):
        name, value = directive.values
        assert name.lower() not in found, f"{name} is set twice"
        found[name.lower()] = value
    return found


@pytest.fixture(scope="module")
def config():
    return nginxsite.shipped()


@pytest.fixture(scope="module")
def server(config):
    return nginxsite.tls_server(config)


def test_the_parser_reads_the_whole_file(config):
    # Written back and read again, nothing is lost: the tests see every directive.
    again = nginxconf.parse(nginxconf.render(config.block))
    assert nginxconf.render(again.block) == nginxconf.render(config.block)
    assert [d.name for d in config.block] == ["map", "upstream", "server", "server"]


def test_the_map_turns_an_upgrade_request_into_connection_upgrade(config):
    (mapping,) = config.children("map")
    assert mapping.values == ["$http_upgrade", "$connection_upgrade"]
    entries = {nginxconf.unquote(entry.name): entry.values for entry in mapping.block}
    # Any Upgrade value asks for "upgrade"; no Upgrade header at all means "close".
    assert entries == {"default": ["upgrade"], "": ["close"]}


def test_the_websocket_location_passes_the_handshake_on(server):
    location = server.child("location", "/ws/")
    assert location.child("proxy_pass").values == [f"http://{UPSTREAM}"]
    assert location.child("proxy_http_version").values == ["1.1"]
    assert headers(location) == {
        "upgrade": "$http_upgrade",
        "connection": "$connection_upgrade",
        "host": "$host",
        "x-forwarded-for": "$proxy_add_x_forwarded_for",
        "x-forwarded-proto": "$scheme",
    }


def test_long_lived_sockets_are_not_cut_by_nginx_timeouts(server):
    location = server.child("location", "/ws/")
    for name in ("proxy_read_timeout", "proxy_send_timeout"):
        (value,) = location.child(name).values
        # nginx's default, 60 s, would already outlast daphne's pings; the
        # shipped value must not be shorter than that.
        assert seconds(value) >= 3 * DAPHNE_PING_INTERVAL, f"{name} {value} is too short"


def test_ordinary_requests_keep_their_host_and_scheme(server):
    location = server.child("location", "/")
    assert location.child("proxy_pass").values == [f"http://{UPSTREAM}"]
    assert headers(location) == {
        "host": "$host",
        "x-forwarded-for": "$proxy_add_x_forwarded_for",
        "x-forwarded-proto": "$scheme",
    }


def test_the_upstream_is_the_two_systemd_instances(config):
    upstream = config.child("upstream", UPSTREAM)
    servers = [directive.values for directive in upstream.children("server")]
    assert servers == [["127.0.0.1:8001"], ["127.0.0.1:8002"]]
    # Each instance listens where the upstream looks for it.
    for (address,) in servers:
        port = address.rpartition(":")[2]
        argv = systemdunit.exec_start(services.unit_service(), port)
        assert argv[argv.index("--bind") + 1] == "127.0.0.1"
        assert argv[argv.index("--port") + 1] == port


def test_tls_with_marked_placeholder_certificates(server):
    assert [d.values for d in server.children("listen")] == [["443", "ssl"]]
    lines = services.NGINX_SITE.read_text().splitlines()
    for name in ("ssl_certificate", "ssl_certificate_key"):
        directive = server.child(name)
        (path,) = directive.values
        assert path.startswith("/etc/letsencrypt/live/chat.example.com/")
        # The comment just above the pair says these are placeholders.
        above = lines[max(0, directive.line - 4) : directive.line - 1]
        assert any("PLACEHOLDER" in line for line in above), f"{name} is not marked"


def test_plain_http_only_redirects_to_https(config):
    redirect = nginxsite.redirect_server(config)
    assert [d.values for d in redirect.children("listen")] == [["80"]]
    assert [d.name for d in redirect.block] == ["listen", "server_name", "return"]
    assert redirect.child("return").values == ["301", "https://$host$request_uri"]


def test_static_files_come_from_the_static_root(server):
    location = server.child("location", "/static/")
    (alias,) = location.child("alias").values
    example = systemdunit.environment_file(services.ENV_FILE.read_text())
    # alias swaps the location's prefix for this path: both end with "/".
    assert alias == example["DJANGO_STATIC_ROOT"] + "/"
    assert not location.children("proxy_pass"), "static files must not reach daphne"


def test_both_servers_answer_to_the_same_name(config):
    names = {tuple(server.child("server_name").values) for server in config.children("server")}
    assert names == {("chat.example.com",)}
    example = systemdunit.environment_file(services.ENV_FILE.read_text())
    assert example["DJANGO_ALLOWED_HOSTS"] == "chat.example.com"
