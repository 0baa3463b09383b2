"""Rooms broadcast through the channel layer; each test runs on in-memory and on Redis."""

from rooms.consumers import group_name


async def joined_in_order(join, room, count):
    """Connect `count` members one by one; each earlier member reads each join."""
    members = []
    for _ in range(count):
        newcomer = await join(room)
        for member in members:
            assert (await member.receive_json_from())["type"] == "join"
        members.append(newcomer)
    return members


async def test_every_member_of_a_room_receives_a_message_the_sender_included(join):
    members = await joined_in_order(join, "broadcast", 3)

    await members[0].send_json_to({"type": "message", "text": "to everyone"})

    expected = {"type": "message", "room": "broadcast", "user": "anonymous", "text": "to everyone"}
    for member in members:
        assert await member.receive_json_from() == expected


async def test_another_room_receives_nothing(join):
    speaker = await join("loud")
    elsewhere = await join("quiet")

    await speaker.send_json_to({"type": "message", "text": "only for loud"})

    assert (await speaker.receive_json_from())["text"] == "only for loud"
    assert await elsewhere.receive_nothing()


async def test_member_who_left_receives_nothing_more(join, channel_layer):
    stayer, leaver = await joined_in_order(join, "leaving", 2)

    await leaver.disconnect()
    assert await stayer.receive_json_from() == {
        "type": "leave",
        "room": "leaving",
        "users": ["anonymous"],
    }
    await channel_layer.group_send(
        group_name("leaving"), {"type": "chat.message", "user": "x", "text": "after"}
    )

    assert (await stayer.receive_json_from())["text"] == "after"
    assert await leaver.receive_nothing()


async def test_members_hear_when_someone_joins_but_the_newcomer_does_not(join):
    first = await join("arrivals")

    second = await join("arrivals")

    assert await first.receive_json_from() == {
        "type": "join",
        "room": "arrivals",
        "users": ["anonymous"],
    }
    assert await second.receive_nothing()


async def test_members_hear_when_someone_leaves(join):
    stayer, leaver = await joined_in_order(join, "departures", 2)

    await leaver.disconnect()

    assert await stayer.receive_json_from() == {
        "type": "leave",
        "room": "departures",
        "users": ["anonymous"],
    }


async def test_join_carries_the_logged_in_username(join, login_cookie):
    first = await join("names")

    await join("names", headers=[login_cookie])

    assert (await first.receive_json_from())["users"] == ["ada"]


async def test_errors_go_to_the_sender_only(join):
    sender, other = await joined_in_order(join, "errors", 2)

    await sender.send_to(text_data="{broken")

    assert (await sender.receive_json_from())["code"] == "invalid_json"
    assert await other.receive_nothing()


async def test_sender_can_still_broadcast_after_an_error(join):
    sender, other = await joined_in_order(join, "recovery", 2)

    await sender.send_to(bytes_data=b"\x00")
    await sender.receive_json_from()
    await sender.send_json_to({"type": "message", "text": "recovered"})

    assert (await other.receive_json_from())["text"] == "recovered"


async def test_text_that_is_no_unicode_gets_an_error_and_the_room_carries_on(join):
    sender, listener = await joined_in_order(join, "surrogates", 2)

    await sender.send_to(text_data='{"type": "message", "text": "\\ud800"}')
    error = await sender.receive_json_from()
    await sender.send_json_to({"type": "message", "text": "still here"})

    assert error["code"] == "invalid_text"
    assert (await listener.receive_json_from())["text"] == "still here"
    assert (await sender.receive_json_from())["text"] == "still here"


async def test_client_type_never_reaches_the_group(join):
    sender, other = await joined_in_order(join, "spoof", 2)
    kinds = ["chat.message", "chat_message", "chat.join", "join", "welcome"]

    codes = []
    for kind in kinds:
        spoof = {"type": kind, "text": "spoofed", "user": "admin", "channel": "x"}
        await sender.send_json_to(spoof)
        codes.append((await sender.receive_json_from())["code"])

    assert codes == ["unknown_type"] * len(kinds)
    assert await other.receive_nothing()


def test_group_name_of_the_longest_room_is_a_valid_group_name(channel_layer):
    name = group_name("a" * 50)

    assert channel_layer.require_valid_group_name(name)
