"""Reproduce "The in-memory layer across processes": messages that never cross over."""

import json

from websockets.sync.client import connect

ROOM = "/ws/rooms/across/"


def join(server):
    """Connect to the room on `server` as its page would; return the socket, welcome read."""
    websocket = connect(server.ws_url + ROOM, origin=server.url, open_timeout=10)
    try:
        assert next_event(websocket)["type"] == "welcome"
    except BaseException:
        websocket.close()
        raise
    return websocket


def next_event(websocket):
    """Return the next JSON event, failing the test if none comes within 10 s."""
    return json.loads(websocket.recv(timeout=10))


def test_in_memory_layer_keeps_each_process_to_itself(step_server, second_step_server):
    with join(second_step_server) as listener, join(step_server) as speaker:
        speaker.send(json.dumps({"type": "message", "text": "lost between processes"}))
        # The speaker hears its own message: the broadcast in its process is over.
        echoed = next_event(speaker)
        # Had the speaker's join or message crossed over, the listener would
        # read it before this newcomer's join, which happens in its own process.
        with join(second_step_server):
            heard = next_event(listener)

    assert echoed["text"] == "lost between processes"
    assert heard == {"type": "join", "room": "across", "user": "anonymous"}
