"""`manage.py announce`, a process of its own, reaches real servers only through Redis."""

import asyncio
import json
import sqlite3
import subprocess
import sys
import uuid

import pytest
import websockets

from course_kit.server import server_env

pytestmark = pytest.mark.e2e


def fresh_room(name):
    """Return a room name no earlier run used: the servers' database outlives a test run."""
    return f"{name}-{uuid.uuid4().hex[:8]}"


async def join(server, room, after=None):
    """Connect to `room` on `server` and return the socket, its welcome read."""
    query = f"?after={after}" if after is not None else ""
    url = f"{server.ws_url}/ws/rooms/{room}/{query}"
    websocket = await websockets.connect(url, origin=server.url, open_timeout=5)
    assert json.loads(await websocket.recv())["type"] == "welcome"
    return websocket


async def next_event(websocket):
    """Return the next JSON event, failing the test if none comes within 5 s."""
    return json.loads(await asyncio.wait_for(websocket.recv(), timeout=5))


async def announce(project_dir, room, text, redis_url):
    """Run `manage.py announce ROOM TEXT` as a process of its own; return its result."""
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "manage.py", "announce", room, text],
        cwd=project_dir,
        env=server_env({"REDIS_URL": redis_url}),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def saved_texts(project_dir, room):
    """Return the texts saved for `room` in the database the servers use."""
    with sqlite3.connect(project_dir / "db.sqlite3") as database:
        rows = database.execute(
            "SELECT text FROM rooms_announcement WHERE room = ? ORDER BY id", (room,)
        )
        return [text for (text,) in rows]


async def test_command_on_redis_reaches_the_clients_of_both_servers(
    start_server, redis_url, project_dir
):
    room = fresh_room("both")
    first = start_server(env={"REDIS_URL": redis_url})
    second = start_server(env={"REDIS_URL": redis_url})
    one = await join(first, room)
    other = await join(second, room)

    try:
        assert (await next_event(one))["type"] == "join"  # the other, across Redis
        result = await announce(project_dir, room, "Talk moved to hall B", redis_url)
        heard = [await next_event(one), await next_event(other)]
    finally:
        await one.close()
        await other.close()

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Announced #")
    assert [(event["type"], event["text"]) for event in heard] == [
        ("announcement", "Talk moved to hall B")
    ] * 2
    assert "Traceback" not in first.output() + second.output()


async def test_command_with_the_in_memory_layer_exits_non_zero_and_saves_nothing(
    project_dir, migrated
):
    room = fresh_room("nowhere")

    result = await announce(project_dir, room, "nobody would hear this", redis_url="")

    assert result.returncode == 1
    assert "in-memory" in result.stderr
    assert "Nothing was saved." in result.stderr
    assert "Traceback" not in result.stderr
    assert saved_texts(project_dir, room) == []


async def test_command_with_bad_input_exits_non_zero_and_saves_nothing(
    project_dir, migrated, redis_url
):
    room = fresh_room("blank")

    result = await announce(project_dir, room, "   ", redis_url)

    assert result.returncode == 1
    assert "text: This field cannot be blank." in result.stderr
    assert saved_texts(project_dir, room) == []


async def test_client_that_drops_gets_exactly_the_two_it_missed_when_it_reconnects(
    start_server, redis_url, project_dir
):
    room = fresh_room("reconnect")
    server = start_server(env={"REDIS_URL": redis_url})
    client = await join(server, room)
    try:
        await announce(project_dir, room, "seen live", redis_url)
        last_seen = await next_event(client)
    finally:
        await client.close()
    for text in ("missed one", "missed two"):
        await announce(project_dir, room, text, redis_url)

    client = await join(server, room, after=last_seen["id"])
    try:
        missed = [await next_event(client), await next_event(client)]
        # The resync comes before anything live: had a third announcement been
        # sent, it would arrive before the echo of this message.
        await client.send(json.dumps({"type": "message", "text": "back"}))
        after_the_resync = await next_event(client)
    finally:
        await client.close()

    assert last_seen["text"] == "seen live"
    assert [event["text"] for event in missed] == ["missed one", "missed two"]
    assert [event["id"] for event in missed] == sorted(event["id"] for event in missed)
    assert after_the_resync["type"] == "message"
    assert "Traceback" not in server.output()
