"""Serve a chat room over a WebSocket, speaking a small JSON protocol."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from rooms.protocol import ProtocolError, parse_message

# In lower case, and compared in lower case: room names are case-sensitive,
# so "Admin" would otherwise be a room of its own.
RESERVED_ROOMS = frozenset({"admin", "system"})


def display_name(user):
    """Return the name a room shows for `user`."""
    return user.get_username() if user.is_authenticated else "anonymous"


class RoomConsumer(AsyncJsonWebsocketConsumer):
    """Welcome a client to its room and answer its messages."""

    async def connect(self):
        """Refuse a reserved room; read the user from the session, then welcome."""
        self.room = self.scope["url_route"]["kwargs"]["room"]
        if self.room.lower() in RESERVED_ROOMS:
            # Closing before accept() refuses the handshake: Daphne answers 403.
            await self.close()
            return
        # Set by AuthMiddlewareStack in asgi.py; a KeyError here means it is missing.
        self.user = display_name(self.scope["user"])
        await self.accept()
        await self.send_json({"type": "welcome", "room": self.room, "user": self.user})

    async def receive(self, text_data=None, bytes_data=None):
        """Answer a valid message, and bad input with an error; stay connected."""
        # Overridden: the base class raises on binary, empty or invalid JSON
        # frames, and a raise closes the connection.
        try:
            text = parse_message(text_data, bytes_data)
        except ProtocolError as error:
            await self.send_json(error.as_event())
            return
        # Only the sender hears it so far; groups will broadcast it.
        await self.send_json(
            {"type": "message", "room": self.room, "user": self.user, "text": text}
        )
