"""Reproduce "Closed with 1011, not the code sent": daphne sends 1000 and 3000-4999 only."""

import pytest
from websockets import ConnectionClosedError
from websockets.sync.client import connect

from tests.broken.consumers import StandardCloseCodeConsumer


async def test_in_process_the_close_code_arrives_as_sent(communicators):
    # --8<-- [start:in-process]
    member = communicators(StandardCloseCodeConsumer.as_asgi(), "/ws/close-1003/")
    connected, _ = await member.connect()

    await member.send_to(bytes_data=b"\x00")

    assert connected
    # A communicator checks nothing about close codes: this test passes.
    assert await member.receive_output() == {"type": "websocket.close", "code": 1003}
    # --8<-- [end:in-process]


def test_real_server_closes_with_1011_and_logs_the_refused_code(broken_server):
    with connect(broken_server.ws_url + "/ws/close-1003/", open_timeout=10) as websocket:
        websocket.send(b"\x00")

        with pytest.raises(ConnectionClosedError) as closed:
            websocket.recv(timeout=10)

    assert closed.value.rcvd.code == 1011
    output = broken_server.wait_for("(must be 1000 or from [3000, 4999])\n")
    assert (
        "Exception inside application: invalid close code 1003 "
        "(must be 1000 or from [3000, 4999])" in output
    )
