"""Run a consumer test with the database, then one without (run by a test)."""

import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


@pytest.mark.django_db(transaction=True)
async def test_room_looks_the_session_up():
    # The session cookie makes AuthMiddlewareStack query the database.
    cookie = (b"cookie", b"sessionid=some-session-key")
    member = WebsocketCommunicator(application, "/ws/rooms/lobby/", headers=[ORIGIN, cookie])
    connected, _ = await member.connect()
    await member.disconnect()

    assert connected


# --8<-- [start:mistake]
# The mistake: no database access, because this consumer never needs it.
async def test_echo_without_database_access():
    echo = WebsocketCommunicator(application, "/ws/echo/", headers=[ORIGIN])
    connected, _ = await echo.connect()
    await echo.send_to(text_data="hello")
    echoed = await echo.receive_from()
    await echo.disconnect()

    assert (connected, echoed) == (True, "hello")


# --8<-- [end:mistake]


# --8<-- [start:fix]
@pytest.mark.django_db(transaction=True)
async def test_echo_with_database_access():
    echo = WebsocketCommunicator(application, "/ws/echo/", headers=[ORIGIN])
    connected, _ = await echo.connect()
    await echo.send_to(text_data="hello")
    echoed = await echo.receive_from()
    await echo.disconnect()

    assert (connected, echoed) == (True, "hello")


# --8<-- [end:fix]
