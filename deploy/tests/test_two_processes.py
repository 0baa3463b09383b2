"""Two daphne processes behind nginx, sharing Redis: one room across both, and a restart."""

import asyncio
import json

import pytest
import websockets

import nginxsite
import services
from course_kit.processes import HOST, free_port, stop
from services import HOSTNAME

pytestmark = pytest.mark.e2e


async def receive(socket, timeout=5):
    return json.loads(await asyncio.wait_for(socket.recv(), timeout))


async def test_a_room_spans_both_processes_and_survives_a_restart(
    site, redis_url, start_nginx, tmp_path
):
    env_file = site.env_file_with("env-redis", REDIS_URL=redis_url)
    with services.running_daphnes(env_file, tmp_path, count=2) as daphnes:
        port = free_port()
        text = nginxsite.for_test(
            daphne_ports=[d.port for d in daphnes], static_root=site.static_root, port=port
        )
        nginx = start_nginx(text, [port])

        def connect():
            return websockets.connect(
                f"ws://{HOSTNAME}:{port}/ws/rooms/lobby/",
                host=HOST,
                port=port,
                origin=f"http://{HOSTNAME}:{port}",
                proxy=None,
                open_timeout=10,
            )

        def sockets_on_each():
            return [d.output().count('"WSCONNECT /ws/rooms/lobby/"') for d in daphnes]

        async with connect() as first:
            assert (await receive(first))["type"] == "welcome"
            # Daphne logs the handshake before the welcome leaves it.
            home = daphnes[sockets_on_each().index(1)]
            async with connect() as second:
                assert (await receive(second))["type"] == "welcome"
                # nginx gave each process one of the two sockets.
                assert sockets_on_each() == [1, 1]
                await exchange_and_restart(first, second, home, connect, nginx)


async def exchange_and_restart(first, second, home, connect, nginx):
    """Talk across the processes, then stop the one holding `first`."""
    # Group messages cross from one process to the other through Redis.
    assert (await receive(first))["type"] == "join"
    await second.send(json.dumps({"type": "message", "text": "across processes"}))
    assert (await receive(first))["text"] == "across processes"
    # The second may hear the first's join too, if its own join won the race.
    heard = await receive(second)
    while heard["type"] == "join":
        heard = await receive(second)
    assert heard["text"] == "across processes"

    # Stop the process holding `first` as `systemctl restart` does: SIGTERM,
    # then SIGKILL if it is still there after the unit's TimeoutStopSec.
    (timeout,) = services.unit_service()["TimeoutStopSec"]
    await asyncio.to_thread(stop, home.process, timeout=int(timeout))
    with pytest.raises(websockets.ConnectionClosedError):
        await receive(first)
    # No closing handshake: the browser sees code 1006 and reconnects.
    assert first.close_code == 1006
    # Daphne cancels its consumers on the way out, so disconnect() never
    # runs: the others hear no "leave" for the sockets it dropped.
    with pytest.raises(asyncio.TimeoutError):
        await receive(second, timeout=1)

    # Reconnects through nginx land on the process still running. Taking
    # turns, nginx tries the stopped one for one of the two, and moves on.
    for _ in range(2):
        async with connect() as again:
            assert (await receive(again))["type"] == "welcome"
            assert (await receive(second))["type"] == "join"
        assert (await receive(second))["type"] == "leave"
    assert "(111: Connection refused) while connecting to upstream" in nginx.output()
