"""Give the tests communicators to the application, already connected or not."""

import pytest


@pytest.fixture
async def communicators():
    """Make WebSocket communicators to the application; disconnect them all after."""
    # Imported here, not at the top: a project that lacks the module then fails
    # only the tests that use it, and `nox -s check` can name each of them.
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    made = []

    def make(path="/ws/echo/", origin="http://127.0.0.1:8000", headers=()):
        # A browser sends its page's Origin; the origin check reads its host.
        sent = [(b"origin", origin.encode())] if origin is not None else []
        communicator = WebsocketCommunicator(application, path, headers=[*sent, *headers])
        made.append(communicator)
        return communicator

    yield make
    for communicator in made:
        # A receive that timed out has cancelled its application: disconnecting it
        # would raise CancelledError and leave the others open for the next test.
        if not communicator.future.done():
            await communicator.disconnect()


@pytest.fixture
async def echo(communicators):
    """Return a communicator already connected to the echo consumer."""
    communicator = communicators("/ws/echo/")
    connected, _ = await communicator.connect()
    assert connected, "the echo consumer refused the handshake"
    return communicator
