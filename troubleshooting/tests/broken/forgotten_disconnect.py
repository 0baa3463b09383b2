"""Forget to disconnect a communicator, then look at what it left behind (run by a test)."""

from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from config.asgi import application

ORIGIN = [(b"origin", b"http://127.0.0.1:8000")]


# --8<-- [start:mistake]
async def test_member_joins_a_room():
    member = WebsocketCommunicator(application, "/ws/rooms/forgotten/", headers=ORIGIN)
    connected, _ = await member.connect()

    assert connected
    # The mistake: no `await member.disconnect()`. The test passes all the same.


# --8<-- [end:mistake]


# --8<-- [start:aftermath]
async def test_the_forgotten_member_is_still_in_the_group():
    # The first test's event loop is closed and its consumer is gone, but the
    # consumer's disconnect() never ran, so it never left the group.
    members = get_channel_layer().groups.get("room.forgotten", {})

    assert len(members) == 1


# --8<-- [end:aftermath]
