"""Share one connected communicator between tests (run by a test)."""

import pytest_asyncio
from channels.testing import WebsocketCommunicator

from config.asgi import application

ORIGIN = [(b"origin", b"http://127.0.0.1:8000")]


# --8<-- [start:mistake]
# The mistake: connected once for the whole module, on the module's event
# loop, while each test runs on an event loop of its own.
@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def echo():
    communicator = WebsocketCommunicator(application, "/ws/echo/", headers=ORIGIN)
    await communicator.connect()
    yield communicator
    await communicator.disconnect()


async def test_echo_answers(echo):
    await echo.send_to(text_data="hello")

    assert await echo.receive_from() == "hello"


# --8<-- [end:mistake]
