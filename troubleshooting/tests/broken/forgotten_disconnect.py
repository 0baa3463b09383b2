"""Forget to disconnect a communicator, then look at what it left behind (run by a test)."""

from channels.testing import WebsocketCommunicator

from echo.consumers import EchoConsumer

# What each consumer's disconnect() was called with, in the order it ran.
DISCONNECTS = []


class RecordingEchoConsumer(EchoConsumer):
    """Echo as the course's consumer does, and note each call of disconnect()."""

    async def disconnect(self, close_code):
        """Note the call: a consumer cleans up here, e.g. leaves its groups."""
        DISCONNECTS.append(close_code)


# --8<-- [start:mistake]
async def test_member_connects():
    member = WebsocketCommunicator(RecordingEchoConsumer.as_asgi(), "/ws/echo/")
    connected, _ = await member.connect()

    assert connected
    # The mistake: no `await member.disconnect()`. The test passes all the same.


# --8<-- [end:mistake]


# --8<-- [start:aftermath]
async def test_the_forgotten_consumer_never_ran_its_disconnect():
    # The first test's event loop is closed and its consumer is gone, but its
    # disconnect() never ran: nothing it cleans up there was cleaned up.
    assert DISCONNECTS == []


# --8<-- [end:aftermath]
