"""Number each echo: the Nth text frame on a connection comes back as "N: text"."""

import pytest

pytestmark = pytest.mark.exercise


async def test_echoes_are_numbered_from_one(echo):
    for text in ("hello", "world", "again"):
        await echo.send_to(text_data=text)

    received = [await echo.receive_from() for _ in range(3)]

    assert received == ["1: hello", "2: world", "3: again"]


async def test_each_connection_counts_on_its_own(communicators):
    first, second = communicators("/ws/echo/"), communicators("/ws/echo/")
    await first.connect()
    await second.connect()

    await first.send_to(text_data="a")
    await first.receive_from()
    await second.send_to(text_data="b")
    from_second = await second.receive_from()
    await first.send_to(text_data="c")
    from_first = await first.receive_from()

    assert (from_second, from_first) == ("1: b", "2: c")


async def test_a_new_connection_counts_from_one_again(communicators):
    before = communicators("/ws/echo/")
    await before.connect()
    await before.send_to(text_data="first")
    await before.receive_from()
    await before.disconnect()

    after = communicators("/ws/echo/")
    await after.connect()
    await after.send_to(text_data="first again")

    assert await after.receive_from() == "1: first again"
