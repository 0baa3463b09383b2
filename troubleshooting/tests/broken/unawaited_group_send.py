"""Test an announcement published without async_to_sync, as a learner would (run by a test)."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from tests.broken.announcements import publish_without_async_to_sync

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


# The mistake is in publish_without_async_to_sync(); the test is a sound one.
@pytest.mark.django_db(transaction=True)
async def test_member_hears_the_announcement():
    member = WebsocketCommunicator(application, "/ws/rooms/news/", headers=[ORIGIN])
    await member.connect()
    await member.receive_json_from()  # the welcome
    await database_sync_to_async(publish_without_async_to_sync)("news", "Talk moved to hall B")
    event = await member.receive_json_from()
    await member.disconnect()

    assert event["text"] == "Talk moved to hall B"
