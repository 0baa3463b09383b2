"""Serve a chat room over a WebSocket, speaking a small JSON protocol."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from rooms.protocol import ProtocolError, parse_message


def display_name(user):
    """Return the name a room shows for `user`."""
    return user.get_username() if user.is_authenticated else "anonymous"


class RoomConsumer(AsyncJsonWebsocketConsumer):
    """Welcome a client to its room and answer its messages."""

    async def connect(self):
        """Read the room from the URL and the user from the session, then welcome."""
        self.room = self.scope["url_route"]["kwargs"]["room"]
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
        if text is None:
            # A ping carries no text: answer its sender, and nobody else.
            await self.send_json({"type": "pong"})
            return
        # Only the sender hears it so far; groups will broadcast it.
        await self.send_json(
            {"type": "message", "room": self.room, "user": self.user, "text": text}
        )
