"""The echo consumer, tested in-process through the real ASGI application."""

from config.channel_layers import channel_layers
from course_kit.processes import free_port


async def test_handshake_with_an_allowed_origin_is_accepted(communicators):
    communicator = communicators("/ws/echo/")

    connected, _ = await communicator.connect()

    assert connected


async def test_text_is_echoed_as_text(echo):
    await echo.send_to(text_data="hello")

    assert await echo.receive_output() == {"type": "websocket.send", "text": "hello"}


async def test_binary_is_echoed_as_binary(echo):
    await echo.send_to(bytes_data=b"\x00\xffbinary")

    assert await echo.receive_output() == {"type": "websocket.send", "bytes": b"\x00\xffbinary"}


async def test_unicode_text_is_echoed_unchanged(echo):
    await echo.send_to(text_data="héllo, 世界 👋")

    assert await echo.receive_from() == "héllo, 世界 👋"


async def test_a_hundred_messages_are_echoed_in_order(echo):
    sent = [f"message {number}" for number in range(100)]

    for text in sent:
        await echo.send_to(text_data=text)
    received = [await echo.receive_from() for _ in sent]

    assert received == sent


async def test_empty_text_is_echoed_by_the_consumer(echo):
    # send_to() refuses an empty frame, so send the event daphne would deliver.
    await echo.send_input({"type": "websocket.receive", "text": ""})

    # The consumer sends "" back; daphne then drops it (see test_echo_server).
    assert await echo.receive_output() == {"type": "websocket.send", "text": ""}


async def test_nothing_arrives_unasked(echo):
    assert await echo.receive_nothing()


async def test_handshake_from_a_foreign_origin_is_refused(communicators):
    communicator = communicators("/ws/echo/", origin="http://evil.example")

    connected, _ = await communicator.connect()

    assert not connected


async def test_handshake_without_an_origin_is_refused(communicators):
    communicator = communicators("/ws/echo/", origin=None)

    connected, _ = await communicator.connect()

    assert not connected


async def test_origin_on_another_port_of_an_allowed_host_is_accepted(communicators):
    communicator = communicators("/ws/echo/", origin="http://localhost:5173")

    connected, _ = await communicator.connect()

    assert connected


async def test_echo_needs_no_channel_layer_even_when_redis_is_down(communicators, settings):
    # A port nothing listens on: every read from this Redis layer fails at once.
    settings.CHANNEL_LAYERS = channel_layers(f"redis://127.0.0.1:{free_port()}/0")
    communicator = communicators("/ws/echo/")
    await communicator.connect()

    await communicator.send_to(text_data="no Redis needed")

    assert await communicator.receive_from() == "no Redis needed"
