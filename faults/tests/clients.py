"""Talk to a real server as pages and scripts do, with the `websockets` asyncio client."""

import asyncio
import json
import time

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

# Long enough for a busy 2-core machine, short enough that a lost event fails fast.
EVENT_TIMEOUT = 10
# The members whose sockets are still open: a test that fails leaves some.
LIVING = set()


def room_path(room):
    """Return the WebSocket path of `room`."""
    return f"/ws/rooms/{room}/"


async def open_socket(server, path, origin=None, **options):
    """Open a WebSocket to `path` on `server`, sending the Origin of the server's own pages."""
    # proxy=None: websockets honours HTTPS_PROXY even for 127.0.0.1. No
    # compression: the server offers none, and a thousand clients save the work.
    return await connect(
        server.ws_url + path,
        origin=origin or server.url,
        proxy=None,
        compression=None,
        open_timeout=EVENT_TIMEOUT,
        **options,
    )


def summary(events, count=5):
    """Return the last `count` events, long texts cut short, for a failure message."""
    short = []
    for event in events[-count:]:
        text = event.get("text")
        if isinstance(text, str) and len(text) > 40:
            event = {**event, "text": f"{text[:20]}... ({len(text)} characters)"}
        short.append(event)
    return short


class Member:
    """A client in a room that reads every event in the background, as a page does."""

    def __init__(self, websocket):
        self.websocket = websocket
        self.events = []
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())
        LIVING.add(self)

    @classmethod
    async def join(cls, server, room, **options):
        """Connect to `room` and return the member once its welcome has come."""
        member = cls(await open_socket(server, room_path(room), **options))
        try:
            await member.wait_until(lambda events: events, "a welcome")
        except BaseException:
            member.websocket.transport.abort()
            raise
        assert member.events[0]["type"] == "welcome", member.events[0]
        return member

    async def _read(self):
        try:
            async for message in self.websocket:
                self.events.append(json.loads(message))
                self._changed.set()
        except ConnectionClosed:
            pass  # Read below as close_code.
        finally:
            LIVING.discard(self)
            self._changed.set()

    @property
    def closed(self):
        return self._reader.done()

    @property
    def close_code(self):
        """Return the code the server closed with; None while the socket is open."""
        return self.websocket.close_code if self.closed else None

    async def send(self, event):
        """Send one event as a JSON text frame."""
        await self.websocket.send(json.dumps(event))

    async def say(self, text):
        """Send a chat message."""
        await self.send({"type": "message", "text": text})

    async def wait_until(self, predicate, what, timeout=EVENT_TIMEOUT):
        """Wait until predicate(events) holds; fail naming `what` if it does not in time."""

        async def condition():
            while not predicate(self.events):
                if self.closed:
                    raise AssertionError(f"closed ({self.close_code}) before {what}")
                self._changed.clear()
                await self._changed.wait()

        try:
            await asyncio.wait_for(condition(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(
                f"no {what} within {timeout}s; got {summary(self.events)}"
            ) from None

    async def wait_closed(self, timeout=EVENT_TIMEOUT):
        """Wait until the server has closed the socket; return its close code."""
        try:
            await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(
                f"still open after {timeout}s; got {summary(self.events)}"
            ) from None
        return self.close_code

    def of_type(self, kind):
        """Return the events of type `kind`, in the order they came."""
        return [event for event in self.events if event["type"] == kind]

    def texts(self):
        """Return the texts of the chat messages received so far."""
        return [event["text"] for event in self.of_type("message")]

    def users(self, kind):
        """Return every user named in the join (or leave) events so far, batches flattened."""
        events = self.of_type(kind)
        for event in events:
            if not isinstance(event.get("users"), list):
                raise AssertionError(f"a {kind} event without a list of users: {event}")
        return [user for event in events for user in event["users"]]

    async def leave(self):
        """Close the socket cleanly, and wait for the reader to end."""
        await self.websocket.close()
        await self._reader

    def drop(self):
        """End the TCP connection at once, with no closing handshake: a lost network."""
        self.websocket.transport.abort()


async def wait_all(members, predicate, what, timeout=EVENT_TIMEOUT):
    """Wait until predicate(member) holds for every member, all within one `timeout`."""
    waits = [
        member.wait_until(lambda _, member=member: predicate(member), what, timeout)
        for member in members
    ]
    results = await asyncio.gather(*waits, return_exceptions=True)
    failures = [result for result in results if isinstance(result, BaseException)]
    if failures:
        raise AssertionError(f"{len(failures)} of {len(members)} members: {failures[0]}")


async def drop_leftovers():
    """Drop every member a test left open, and wait for their readers to end."""
    leftovers = list(LIVING)
    for member in leftovers:
        member.drop()
    readers = [member._reader for member in leftovers]
    await asyncio.wait_for(asyncio.gather(*readers, return_exceptions=True), EVENT_TIMEOUT)


async def echo_round_trip(server, text="still echoing"):
    """Send `text` to the echo route and return what comes back."""
    async with await open_socket(server, "/ws/echo/") as websocket:
        await websocket.send(text)
        return await asyncio.wait_for(websocket.recv(), EVENT_TIMEOUT)


async def assert_server_lives(server, room="alive"):
    """Fail unless a fresh client can join a room, be welcomed and chat, and the echo echoes."""
    member = await Member.join(server, room)
    try:
        await member.say("anyone there?")
        await member.wait_until(lambda _: member.texts(), "its own message back")
    finally:
        await member.leave()
    assert member.texts() == ["anyone there?"]
    assert await echo_round_trip(server) == "still echoing"


async def join_many(server, room, count, concurrency=100, within=60):
    """Join `count` members to `room`, at most `concurrency` handshakes at a time.

    Return the members welcomed, and the errors of those that were not. A
    member not started `within` seconds of the first fails unstarted.
    """
    gate = asyncio.Semaphore(concurrency)
    deadline = time.monotonic() + within

    async def one():
        async with gate:
            if time.monotonic() > deadline:
                raise asyncio.TimeoutError(f"not started within {within}s")
            return await Member.join(server, room)

    results = await asyncio.gather(*(one() for _ in range(count)), return_exceptions=True)
    members = [result for result in results if isinstance(result, Member)]
    errors = [result for result in results if not isinstance(result, Member)]
    return members, errors
