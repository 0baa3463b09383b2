"""Serve the echo and the rooms with websockets alone: the limit the bench measures against.

It does the work the steps do, with none of Django or Channels in the way: the
echo sends each frame back; a room welcomes a member, passes each valid message
to everyone in it, and gathers comings and goings into one event every quarter
of a second, as step 05's presence does.

Run it as `python -m bench.bare PORT`; it listens on 127.0.0.1 only.
"""

import asyncio
import contextlib
import json
import re
import sys

from websockets.asyncio.server import broadcast, serve
from websockets.exceptions import ConnectionClosed

HOST = "127.0.0.1"
ROOM_PATH = re.compile(r"/ws/rooms/([A-Za-z0-9_-]{1,50})/")
PRESENCE_INTERVAL = 0.25
MAX_TEXT_LENGTH = 1000


class Room:
    """The members of one room, and the comings and goings not yet told."""

    def __init__(self, name):
        self.name = name
        self.members = set()
        self.changes = None  # A list while a presence window is open.

    def tell(self, kind, member):
        """Send a join or leave now if the room has been quiet, else with the next batch."""
        if self.changes is not None:
            self.changes.append((kind, member))
            return
        self.changes = []
        asyncio.get_running_loop().call_later(PRESENCE_INTERVAL, self.close_window)
        self.send_changes([(kind, member)])

    def close_window(self):
        """Send what gathered while the window was open; keep it open if anything did."""
        changes, self.changes = self.changes, None
        if changes:
            self.changes = []
            asyncio.get_running_loop().call_later(PRESENCE_INTERVAL, self.close_window)
            self.send_changes(changes)

    def send_changes(self, changes):
        """Send each run of joins or of leaves as one event, in order."""
        runs = []
        for kind, member in changes:
            if not runs or runs[-1][0] != kind:
                runs.append((kind, []))
            runs[-1][1].append(member)
        for kind, members in runs:
            users = ["anonymous"] * len(members)
            if kind == "leave":
                broadcast(self.members, self.event("leave", users))
                continue
            # A newcomer is not told of its own join: it hears the others only.
            joined = set(members)
            broadcast(self.members - joined, self.event("join", users))
            if len(users) > 1:
                broadcast(joined & self.members, self.event("join", users[1:]))

    def event(self, kind, users):
        """Return a presence event as JSON text."""
        return json.dumps({"type": kind, "room": self.name, "users": users})


rooms = {}


async def echo(websocket):
    """Send every frame back as it came."""
    async for message in websocket:
        await websocket.send(message)


def parse_message(text):
    """Return the text of a valid message frame, or None."""
    if not isinstance(text, str):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("type") != "message":
        return None
    text = data.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_LENGTH:
        return None
    return text


async def chat(websocket, name):
    """Keep one member in a room until it leaves."""
    room = rooms.setdefault(name, Room(name))
    room.members.add(websocket)
    await websocket.send(json.dumps({"type": "welcome", "room": name, "user": "anonymous"}))
    room.tell("join", websocket)
    invalid = json.dumps({"type": "error", "code": "invalid_message", "message": "Bad frame."})
    try:
        async for frame in websocket:
            text = parse_message(frame)
            if text is None:
                await websocket.send(invalid)
                continue
            event = {"type": "message", "room": name, "user": "anonymous", "text": text}
            broadcast(room.members, json.dumps(event))
    except ConnectionClosed:
        pass
    finally:
        room.members.discard(websocket)
        room.tell("leave", websocket)


async def handler(websocket):
    """Route a connection by its path: a room, or else the echo."""
    match = ROOM_PATH.fullmatch(websocket.request.path)
    if match:
        await chat(websocket, match.group(1))
    else:
        await echo(websocket)


async def main(port):
    """Serve until stopped."""
    # No compression, as the bench's client asks for none from any server.
    async with serve(handler, HOST, port, compression=None, ping_interval=None) as server:
        print(f"serving on {HOST}:{port}", flush=True)
        await server.serve_forever()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(int(sys.argv[1])))
