"""Run the shipped nginx site with TLS: the redirect, https, wss, and a login behind the proxy."""

import http.cookies
import json
import re
import ssl

import pytest
import websockets

import nginxsite
import services
from course_kit.browser import CHROMIUM_ARGS, find_chromium
from course_kit.needs import missing
from course_kit.processes import HOST, free_port
from services import HOSTNAME

pytestmark = pytest.mark.e2e


class Proxy:
    """nginx with the shipped site: TLS on `port`, the redirect on `redirect_port`."""

    def __init__(self, port, redirect_port, tls):
        self.port = port
        self.redirect_port = redirect_port
        self.tls = tls

    def request(self, path, **kwargs):
        return services.request(self.port, path, tls=self.tls, hostname=HOSTNAME, **kwargs)

    def connect(self, path="/ws/rooms/lobby/", cookie=None):
        """Open a wss:// socket with the Origin a page of the site sends."""
        return websockets.connect(
            f"wss://{HOSTNAME}:{self.port}{path}",
            host=HOST,
            port=self.port,
            ssl=self.tls,
            origin=f"https://{HOSTNAME}",
            additional_headers={"Cookie": cookie} if cookie else None,
            proxy=None,
            open_timeout=10,
        )


@pytest.fixture
def proxy(daphne, site, certificate, start_nginx):
    port, redirect_port = free_port(), free_port()
    text = nginxsite.for_test(
        daphne_ports=[daphne.port],
        static_root=site.static_root,
        port=port,
        redirect_port=redirect_port,
        cert=certificate,
    )
    start_nginx(text, [port, redirect_port])
    # Trust the throwaway certificate, and check it as a browser would.
    return Proxy(port, redirect_port, ssl.create_default_context(cafile=certificate[0]))


def cookies_of(headers, jar=None):
    """Add the response's Set-Cookie headers to a cookie jar."""
    jar = jar or http.cookies.SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return jar


def test_plain_http_is_redirected_to_https(proxy):
    status, headers, _ = services.request(
        proxy.redirect_port, "/rooms/lobby/?from=link", headers={"Host": HOSTNAME}
    )
    assert status == 301
    assert headers["Location"] == f"https://{HOSTNAME}/rooms/lobby/?from=link"


def test_pages_over_https_carry_hsts(proxy):
    status, headers, _ = proxy.request("/")
    assert status == 200
    # DJANGO_HSTS_SECONDS of the example environment file.
    assert headers["Strict-Transport-Security"] == "max-age=3600"


async def test_a_wss_round_trip(proxy):
    async with proxy.connect() as socket:
        assert json.loads(await socket.recv())["type"] == "welcome"
        await socket.send(json.dumps({"type": "message", "text": "over TLS"}))
        assert json.loads(await socket.recv())["text"] == "over TLS"


async def test_a_login_behind_the_proxy_reaches_the_websocket(proxy, site):
    # The login form: Django must see https here, or its CSRF check compares
    # the browser's https:// Origin with http:// and refuses the post (403).
    status, headers, body = proxy.request("/accounts/login/")
    assert status == 200
    jar = cookies_of(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1].decode()
    status, headers, _ = proxy.request(
        "/accounts/login/",
        method="POST",
        body=f"csrfmiddlewaretoken={token}&username=ada&password={site.password}",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken'].value}",
            "Origin": f"https://{HOSTNAME}",
        },
    )
    assert status == 302, "the login was refused"
    jar = cookies_of(headers, jar)
    session = jar["sessionid"]
    assert session["secure"], "the session cookie must be sent over https only"
    async with proxy.connect(cookie=f"sessionid={session.value}") as socket:
        welcome = json.loads(await socket.recv())
    assert welcome == {"type": "welcome", "room": "lobby", "user": "ada"}


@pytest.mark.browser
def test_the_room_page_works_over_https_in_a_browser(proxy):
    executable = find_chromium()
    if executable is None:
        missing("no Chromium found: install it, or set CHROMIUM_PATH", "REQUIRE_BROWSER")
    # Imported here, so that the tests without a browser run without Playwright.
    from playwright.sync_api import sync_playwright

    # The kit's flags, and one more: the site's name leads to 127.0.0.1.
    args = [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOSTNAME} {HOST}"]
    with (
        sync_playwright() as playwright,
        playwright.chromium.launch(executable_path=executable, args=args) as browser,
    ):
        # The self-signed certificate is accepted.
        page = browser.new_context(ignore_https_errors=True).new_page()
        page.set_default_timeout(10_000)
        page.goto(f"https://{HOSTNAME}:{proxy.port}/rooms/lobby/")
        # client.js chose wss:// because the page came over https.
        page.wait_for_selector("#connection[data-state=open]")
        assert page.text_content("#log") == "joined lobby as anonymous"
        # A page served over https may not open a ws:// socket at all.
        error = page.evaluate(
            """url => {
                try { new WebSocket(url); return null; } catch (e) { return e.name; }
            }""",
            f"ws://{HOSTNAME}:{proxy.port}/ws/rooms/lobby/",
        )
        assert error == "SecurityError"
