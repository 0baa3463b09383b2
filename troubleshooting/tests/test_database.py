"""Reproduce "The database in consumer tests": blocked, uncommitted, order-dependent."""

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db.utils import OperationalError

from config.asgi import application
from tests.clients import ORIGIN

DATABASE_BLOCKED = (
    'Database access not allowed, use the "django_db" mark, '
    'or the "db" or "transactional_db" fixtures to enable it.'
)


def log_in(client, django_user_model):
    """Log a user in through Django; return the Cookie header a browser would send."""
    user = django_user_model.objects.create_user("ada", password="an-unused-password")
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    return (b"cookie", f"{session.key}={session.value}".encode())


@pytest.fixture
def uncommitted_cookie(client, django_user_model, db):
    """Log a user in inside the test's transaction, which is never committed."""
    return log_in(client, django_user_model)


# --8<-- [start:fix]
@pytest.fixture
def login_cookie(client, django_user_model, transactional_db):
    """Log a user in for real: transactional_db commits, so the consumer sees the session."""
    return log_in(client, django_user_model)


# --8<-- [end:fix]


# These two use a bare communicator: the communicators fixture would give them
# the database. Their applications raise during connect(), so none is left open.


async def test_consumer_reading_the_session_without_database_access_is_blocked():
    # --8<-- [start:no-mark]
    # A session cookie makes AuthMiddlewareStack look the session up.
    cookie = (b"cookie", b"sessionid=some-session-key")
    communicator = WebsocketCommunicator(application, "/ws/rooms/lobby/", [ORIGIN, cookie])

    with pytest.raises(RuntimeError, match="Database access not allowed") as error:
        await communicator.connect()
    # --8<-- [end:no-mark]

    assert str(error.value) == DATABASE_BLOCKED


async def test_plain_django_db_on_the_course_sqlite_finds_the_session_table_locked(
    uncommitted_cookie,
):
    # pytest-django keeps the course's SQLite test database in memory, where
    # a table written in an open transaction is locked to other connections.
    headers = [ORIGIN, uncommitted_cookie]
    communicator = WebsocketCommunicator(application, "/ws/rooms/lobby/", headers)

    with pytest.raises(OperationalError) as error:
        await communicator.connect()

    assert str(error.value) == "database table is locked: django_session"


def test_plain_django_db_on_a_database_file_hides_the_user_from_the_consumer(sample_runs):
    _, output = sample_runs["file_db"].result()

    assert "FAILED test_plain_django_db.py::test_room_welcomes_the_logged_in_user" in output
    assert "E       AssertionError: assert 'anonymous' == 'ada'" in output


async def test_room_welcomes_the_user_logged_in_with_transactional_db(communicators, login_cookie):
    communicator = communicators(application, "/ws/rooms/lobby/", headers=[ORIGIN, login_cookie])
    await communicator.connect()

    welcome = await communicator.receive_json_from()

    assert welcome["user"] == "ada"


def test_consumer_test_without_database_after_one_with_fails_at_disconnect(sample_runs):
    _, output = sample_runs["course"].result()

    assert "PASSED test_database_then_none.py::test_room_looks_the_session_up" in output
    assert "FAILED test_database_then_none.py::test_echo_without_database_access" in output
    # Connecting, sending and receiving went fine: disconnecting raised.
    assert ">       await echo.disconnect()\n" in output
    assert f"E       RuntimeError: {DATABASE_BLOCKED}" in output
    assert "PASSED test_database_then_none.py::test_echo_with_database_access" in output
