"""Refuse the handshake to the reserved rooms admin and system, whatever their case."""

import pytest

pytestmark = pytest.mark.exercise


@pytest.mark.parametrize("name", ["admin", "system", "Admin", "SYSTEM"])
async def test_reserved_room_is_refused_at_the_handshake(communicators, name):
    communicator = communicators(f"/ws/rooms/{name}/")

    connected, _ = await communicator.connect()

    assert not connected, f"the handshake to room {name} was accepted"


@pytest.mark.parametrize("name", ["admins", "sysadmin", "my-admin", "lobby"])
async def test_room_whose_name_only_contains_a_reserved_one_is_welcomed(communicators, name):
    communicator = communicators(f"/ws/rooms/{name}/")

    connected, _ = await communicator.connect()

    assert connected, f"the handshake to room {name} was refused"
    assert (await communicator.receive_json_from())["room"] == name
