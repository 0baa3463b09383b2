"""Give the tests communicators, a logged-in session, and each kind of channel layer."""

import pytest
from channels.layers import get_channel_layer
from django.conf import settings


@pytest.fixture
def login_cookie(client, django_user_model, transactional_db):
    """Log a user in through Django and return the Cookie header a browser would send."""
    # Channels has no helper for this: log in with Django's test client, then
    # hand its session cookie to a communicator. transactional_db, because the
    # consumer reads the session in another thread, outside a test's transaction.
    # get_or_create: a timeout that strikes while the database is being emptied
    # leaves "ada" behind, and one test's timeout must not fail the next test.
    user, _ = django_user_model.objects.get_or_create(username="ada")
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    return (b"cookie", f"{session.key}={session.value}".encode())


# Presence gathers comings and goings for PRESENCE_INTERVAL seconds, so each
# join after the first reaches the room only when that window closes.
QUICK_PRESENCE_INTERVAL = 0.02


@pytest.fixture(autouse=True)
def presence_interval(monkeypatch):
    """Gather presence for a fiftieth of a second; return the interval in force."""
    # Most tests only wait the window out, a quarter of a second for each join;
    # test_presence.py, which is about the batching itself, sets its own.
    try:
        from rooms import presence
    except ImportError:
        # A project without it fails the tests that need it, and only those.
        return None
    # raising=False: a project that names it otherwise is only slower to test.
    monkeypatch.setattr(presence, "PRESENCE_INTERVAL", QUICK_PRESENCE_INTERVAL, raising=False)
    return QUICK_PRESENCE_INTERVAL


@pytest.fixture(params=["in-memory", "redis"])
async def channel_layer(request, settings):
    """Switch the project to each kind of channel layer in turn; empty it after."""
    # Imported here, not at the top: a project that lacks the module then fails
    # only the tests that use it, and `nox -s check` can name each of them.
    from config.channel_layers import channel_layers

    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    # Changing the setting makes Channels build a fresh layer from it.
    settings.CHANNEL_LAYERS = channel_layers(url)
    layer = get_channel_layer()
    yield layer
    await layer.flush()
    if hasattr(layer, "close_pools"):
        await layer.close_pools()


@pytest.fixture
async def communicators(transactional_db):
    """Make WebSocket communicators to the application; disconnect them all after."""
    # AuthMiddlewareStack reads the session in asgiref's shared thread, outside
    # the test's transaction, and leaves a connection there that every later
    # consumer checks: so consumer tests need a real, committed test database.
    # Imported here, not at the top: a project that lacks the module then fails
    # only the tests that use it, and `nox -s check` can name each of them.
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    made = []

    def make(path="/ws/echo/", origin="http://127.0.0.1:8000", headers=()):
        # A browser sends its page's Origin; the origin check reads its host.
        sent = [(b"origin", origin.encode())] if origin is not None else []
        communicator = WebsocketCommunicator(application, path, headers=[*sent, *headers])
        made.append(communicator)
        return communicator

    yield make
    for communicator in made:
        # A receive that timed out has cancelled its application: disconnecting it
        # would raise CancelledError and leave the others open for the next test.
        if not communicator.future.done():
            await communicator.disconnect()


@pytest.fixture
async def echo(communicators):
    """Return a communicator already connected to the echo consumer."""
    communicator = communicators("/ws/echo/")
    connected, _ = await communicator.connect()
    assert connected, "the echo consumer refused the handshake"
    return communicator


@pytest.fixture
def join(channel_layer, communicators):
    """Return a function that connects a member to a room and reads its welcome."""
    # channel_layer first: fixtures tear down in reverse, so every member
    # disconnects (and leaves its group) before the layer is emptied and closed.

    async def join_room(room, headers=()):
        member = communicators(f"/ws/rooms/{room}/", headers=headers)
        connected, _ = await member.connect()
        assert connected, f"could not join {room}"
        assert (await member.receive_json_from())["type"] == "welcome"
        return member

    return join_room
