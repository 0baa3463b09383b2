"""A thousand sockets in one room: all welcomed, all told, all let go, and no crash."""

import sys
import time

import pytest
from websockets.exceptions import InvalidStatus

from tests.clients import assert_server_lives, join_many, wait_all

CROWD = 1000
# Handshakes in flight at once, as a busy event's pages would open them.
CONCURRENCY = 100
# The crowd's descriptors, and room for the servers' and pytest's own files.
FILES_NEEDED = CROWD + 200
# Bounds of each phase, past which the scenario fails instead of dragging on.
OPEN_WITHIN = 40
SETTLE_WITHIN = 20


@pytest.mark.timeout(150)
async def test_thousand_sockets_in_one_room_are_welcomed_and_served(
    crowd_server, open_file_limit, record
):
    """Welcome a thousand sockets in one room, reach them all, and announce them all leaving."""
    if sys.platform == "win32":
        pytest.skip("daphne's event loop on Windows watches at most 512 sockets")
    if open_file_limit is not None and open_file_limit < FILES_NEEDED:
        pytest.skip(f"the open-file limit is {open_file_limit}: {FILES_NEEDED} are needed")
    scenario = f"{CROWD:,} in one room ({crowd_server.layer})"
    rss_before = crowd_server.rss_mib()
    started = time.monotonic()

    members, errors = await join_many(crowd_server, "crowd", CROWD, CONCURRENCY, OPEN_WITHIN)
    record(scenario, "time to open and welcome all", time.monotonic() - started, "s")
    refused = [error for error in errors if isinstance(error, InvalidStatus)]
    record(scenario, "welcomed", len(members))
    record(scenario, "refused handshakes", len(refused))
    record(scenario, "other failures", len(errors) - len(refused))
    # Checked now, not at the end: with members missing, every wait below
    # would run to its bound.
    assert errors == [], f"{len(errors)} not welcomed, such as {errors[:3]}"
    first = members[0]
    await first.wait_until(
        lambda _: len(first.users("join")) == len(members) - 1, "every join", SETTLE_WITHIN
    )
    record(scenario, "join events heard", len(first.of_type("join")))
    started = time.monotonic()
    await first.say("hello, crowd")
    await wait_all(
        members, lambda member: "hello, crowd" in member.texts(), "the message", SETTLE_WITHIN
    )
    record(scenario, "time for a message to reach all", time.monotonic() - started, "s")
    rss_after = crowd_server.rss_mib()
    record(scenario, "server RSS before", rss_before, "MiB")
    record(scenario, "server RSS, all open", rss_after, "MiB")
    error_events = [event for member in members for event in member.of_type("error")]
    started = time.monotonic()
    for member in members[1:]:
        member.drop()
    await first.wait_until(
        lambda _: len(first.users("leave")) == len(members) - 1, "every leave", SETTLE_WITHIN
    )
    record(scenario, "time to hear all leaves", time.monotonic() - started, "s")
    await first.leave()

    assert error_events == []
    assert crowd_server.crashes() == []
    await assert_server_lives(crowd_server)
