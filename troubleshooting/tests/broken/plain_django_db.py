"""Log a user in inside a plain django_db test, then connect as them (run by a test)."""

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings

from config.asgi import application

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


@pytest.fixture
def login_cookie(client, django_user_model):
    """Log a user in through Django and return the Cookie header a browser would send."""
    user = django_user_model.objects.create_user("ada", password="an-unused-password")
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    return (b"cookie", f"{session.key}={session.value}".encode())


# --8<-- [start:mistake]
# The mistake: plain django_db wraps the test in a transaction that is never
# committed, and the consumer reads the session on another connection.
@pytest.mark.django_db
async def test_room_welcomes_the_logged_in_user(login_cookie):
    member = WebsocketCommunicator(application, "/ws/rooms/lobby/", headers=[ORIGIN, login_cookie])
    await member.connect()
    welcome = await member.receive_json_from()
    await member.disconnect()

    assert welcome["user"] == "ada"


# --8<-- [end:mistake]
