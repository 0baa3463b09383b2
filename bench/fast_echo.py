"""Echo consumers for the bench's A/B runs: step 02's echo without the per-message thread hop.

Channels runs `aclose_old_connections()` before every handler: a trip to the one
thread that runs sync code, so that Django can close database connections that
are too old or broken. An echo never touches the database, so it can skip it.
"""

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from django.contrib.auth import get_user_model
from django.db.backends.signals import connection_created

from bench import COUNT_CONNECTIONS
from echo.consumers import EchoConsumer


# --8<-- [start:fast]
class FastEchoConsumer(EchoConsumer):
    """Step 02's echo, with each event handled on the event loop, no thread hop first."""

    async def dispatch(self, message):
        """Call the handler for the event's type, as AsyncConsumer does, minus the hop."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)


# --8<-- [end:fast]
# --8<-- [start:loop]
class LoopEchoConsumer(FastEchoConsumer):
    """Echo without the hop, reading the socket in a plain loop: no channel layer to watch."""

    async def __call__(self, scope, receive, send):
        """Handle the connection's events one after another, as they come."""
        # What AsyncConsumer.__call__ does for a consumer without a channel layer,
        # minus the task it starts, and the asyncio.wait() it makes, per event.
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass


# --8<-- [end:loop]
opened = 0


def count_connection(sender, connection, **kwargs):
    """Count each database connection Django opens in this process."""
    global opened
    opened += 1


connection_created.connect(count_connection)


class OrmEchoMixin:
    """Read the database once per frame before echoing it, the way a real consumer might."""

    async def receive(self, text_data=None, bytes_data=None):
        """Answer the count request, or query the database and echo the frame."""
        if text_data == COUNT_CONNECTIONS:
            await self.send(text_data=str(opened))
            return
        await self.query()
        await super().receive(text_data=text_data, bytes_data=bytes_data)

    async def query(self):
        """Ask the database a question through Django's async ORM."""
        # The async ORM runs the query in the thread that runs sync code, but
        # unlike database_sync_to_async it never closes an old connection.
        await get_user_model().objects.aexists()


class HopOrmEchoConsumer(OrmEchoMixin, EchoConsumer):
    """The plain echo, hop included, with a query per frame."""


class FastOrmEchoConsumer(OrmEchoMixin, FastEchoConsumer):
    """The echo without the hop, with a query per frame: connections are never closed."""


class FastSafeOrmEchoConsumer(OrmEchoMixin, FastEchoConsumer):
    """The echo without the hop, querying through database_sync_to_async: safe again."""

    async def query(self):
        """Ask the same question in a call that closes old connections before and after."""
        await database_sync_to_async(get_user_model().objects.exists)()
