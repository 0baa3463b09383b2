"""A room limits what one connection may send: how big, and how fast."""

from rooms.consumers import TOO_MANY_FRAMES
from rooms.limits import BURST, FRAMES_PER_SECOND, REFUSALS_BEFORE_CLOSE, RateLimit
from rooms.protocol import MAX_FRAME_LENGTH


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_burst_passes_and_the_frame_after_it_is_refused():
    limit = RateLimit(clock=FakeClock())

    allowed = [limit.allow() for _ in range(BURST + 1)]

    assert allowed == [True] * BURST + [False]


def test_the_limit_refills_at_its_rate():
    clock = FakeClock()
    limit = RateLimit(clock=clock)
    for _ in range(BURST):
        limit.allow()

    clock.now += 1

    assert [limit.allow() for _ in range(FRAMES_PER_SECOND + 1)] == [True] * FRAMES_PER_SECOND + [
        False
    ]


def test_a_client_that_keeps_going_is_exhausted_and_one_that_stops_is_not():
    clock = FakeClock()
    limit = RateLimit(clock=clock)
    for _ in range(BURST + REFUSALS_BEFORE_CLOSE - 1):
        limit.allow()
    assert not limit.exhausted

    limit.allow()
    assert limit.exhausted

    clock.now += 1
    limit.allow()
    assert not limit.exhausted


async def test_a_frame_over_the_size_cap_gets_an_error_and_the_member_stays(join):
    member = await join("big")

    await member.send_to(text_data="x" * (MAX_FRAME_LENGTH + 1))
    error = await member.receive_json_from()
    await member.send_json_to({"type": "message", "text": "small again"})

    assert error["code"] == "frame_too_large"
    assert (await member.receive_json_from())["text"] == "small again"


async def test_a_flood_is_refused_then_closed_with_4029_and_the_room_carries_on(join):
    listener = await join("flood")
    flooder = await join("flood")
    await listener.receive_json_from()  # the flooder's join

    for number in range(BURST + REFUSALS_BEFORE_CLOSE + 10):
        await flooder.send_json_to({"type": "message", "text": f"flood {number}"})
    received = []
    while (output := await flooder.receive_output(timeout=2))["type"] == "websocket.send":
        received.append(output["text"])

    assert output == {"type": "websocket.close", "code": TOO_MANY_FRAMES}
    assert any('"rate_limited"' in text for text in received)
    await flooder.disconnect()  # as the server does once the socket has closed
    heard = 0
    while (event := await listener.receive_json_from())["type"] == "message":
        heard += 1
    # Frames that arrived in time were broadcast; the rest never reached the room.
    assert BURST <= heard < BURST + REFUSALS_BEFORE_CLOSE
    assert event["type"] == "leave"
