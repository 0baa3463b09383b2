"""A room whose channel layer fails says so, and closes with a code that says try again."""

from course_kit.processes import free_port
from rooms.consumers import TRY_AGAIN_LATER


async def test_room_with_its_redis_down_says_so_and_closes_with_4013(settings, communicators):
    from config.channel_layers import channel_layers

    settings.CHANNEL_LAYERS = channel_layers(f"redis://127.0.0.1:{free_port()}/0")
    member = communicators("/ws/rooms/lobby/")

    connected, _ = await member.connect(timeout=5)
    error = await member.receive_json_from(timeout=5)
    closed = await member.receive_output(timeout=5)

    assert connected
    assert error["code"] == "room_unavailable"
    assert closed == {"type": "websocket.close", "code": TRY_AGAIN_LATER}
