"""Reproduce "Sent before the commit": an announcement that a rollback cannot take back."""

from channels.db import database_sync_to_async
from django.db import transaction

from config.asgi import application
from rooms.announcements import publish
from rooms.models import Announcement
from tests.broken.announcements import publish_before_commit
from tests.clients import ORIGIN


# --8<-- [start:roll-back]
def publish_and_roll_back(publish_function, room, text):
    """Publish inside a transaction that then rolls back, as a failed admin save does."""
    with transaction.atomic():
        publish_function(room, text)
        transaction.set_rollback(True)


# --8<-- [end:roll-back]


def saved_ids():
    """Return the id of every saved announcement."""
    return list(Announcement.objects.values_list("id", flat=True))


async def test_announcement_sent_before_the_commit_arrives_though_rolled_back(channel_layer, enter):
    # --8<-- [start:rollback]
    member = await enter("news")

    await database_sync_to_async(publish_and_roll_back)(publish_before_commit, "news", "phantom")

    event = await member.receive_json_from()
    assert event["text"] == "phantom"
    assert await database_sync_to_async(saved_ids)() == []
    # --8<-- [end:rollback]


async def test_the_steps_publish_sends_nothing_for_a_rolled_back_transaction(enter):
    member = await enter("news")

    await database_sync_to_async(publish_and_roll_back)(publish, "news", "phantom")
    await database_sync_to_async(publish)("news", "real")

    # Had the rolled-back one been sent, it would have come first.
    assert (await member.receive_json_from())["text"] == "real"


async def test_on_sqlite_the_next_announcement_takes_the_phantoms_id_and_a_resync_skips_it(
    enter, communicators
):
    witness = await enter("news")
    await database_sync_to_async(publish_and_roll_back)(publish_before_commit, "news", "phantom")
    phantom = await witness.receive_json_from()
    await database_sync_to_async(publish)("news", "real")
    await witness.receive_json_from()  # the real one, live

    # A page that showed the phantom, away while the real one was sent, comes back.
    resynced = await enter("news", f"after={phantom['id']}")
    newcomer = communicators(application, "/ws/rooms/news/", headers=[ORIGIN])
    await newcomer.connect()

    # The newcomer's join comes after whatever the resync sent from the database.
    assert (await resynced.receive_json_from())["type"] == "join"
    assert (await newcomer.receive_json_from())["type"] == "welcome"
    real = await newcomer.receive_json_from()
    assert (real["text"], real["id"]) == ("real", phantom["id"])
