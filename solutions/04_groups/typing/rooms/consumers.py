"""Serve a chat room over a WebSocket: every member hears every message."""

import asyncio
import json
import logging

from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from config.channel_layers import LAYER_ERRORS
from rooms import presence
from rooms.limits import FRAMES_PER_SECOND, RateLimit
from rooms.protocol import ProtocolError, parse_message

logger = logging.getLogger(__name__)

# Close codes a client can act on. Daphne sends only 1000 and 3000-4999, so
# the standard 1013 "try again later" becomes 4013, and HTTP's 429 becomes 4029.
TRY_AGAIN_LATER = 4013
TOO_MANY_FRAMES = 4029
# A Redis that takes the connection but never answers would hold the handshake
# until daphne drops it, after 5 s and with no word: give up sooner, and say why.
LAYER_TIMEOUT = 3

ROOM_UNAVAILABLE = {
    "type": "error",
    "code": "room_unavailable",
    "message": "The room cannot be reached right now; try again in a moment.",
}
RATE_LIMITED = {
    "type": "error",
    "code": "rate_limited",
    "message": f"Slow down: a room takes {FRAMES_PER_SECOND} messages a second from you.",
}


def display_name(user):
    """Return the name a room shows for `user`."""
    return user.get_username() if user.is_authenticated else "anonymous"


def group_name(room):
    """Return the channel-layer group that holds the members of `room`."""
    # Group names take ASCII letters, digits, "-", "_" and "." only, under 100
    # characters: the room-name converter already guarantees that.
    return f"room.{room}"


def stop_when_gone(send):
    """Wrap the server's `send` so that a send to a closed socket ends the consumer."""

    async def send_or_stop(message):
        try:
            await send(message)
        except Exception as error:
            # Daphne raises (autobahn's Disconnected) when the socket closed
            # while events were still queued for it; left to rise, it skips
            # disconnect(), and the member would never leave the group.
            logger.info("Room connection gone while sending: %r", error)
            raise StopConsumer from error

    return send_or_stop


class RoomConsumer(AsyncJsonWebsocketConsumer):
    """Join the room's group, broadcast messages, and announce who comes and goes."""

    # Whether this connection is in its room's group, for leave() to undo.
    joined = False
    accepted = False

    async def __call__(self, scope, receive, send):
        """Run the consumer; whatever ends it, leave the group, and say if the layer failed."""
        try:
            await super().__call__(scope, receive, stop_when_gone(send))
        except LAYER_ERRORS as error:
            # Redis down, or gone mid-session: without this the client sees a
            # bare 1011 and has no reason to try again.
            logger.warning(
                "Room connection closed, the channel layer failed: %s: %s",
                type(error).__name__,
                error,
            )
            await self.tell_unavailable(send)
        finally:
            await self.leave()

    async def connect(self):
        """Join the group, accept, welcome, and tell the others."""
        self.room = self.scope["url_route"]["kwargs"]["room"]
        # Set by AuthMiddlewareStack in asgi.py; a KeyError here means it is missing.
        self.user = display_name(self.scope["user"])
        self.group = group_name(self.room)
        self.limit = RateLimit()
        # Join before accepting, so not one broadcast after the welcome is missed.
        await asyncio.wait_for(
            self.channel_layer.group_add(self.group, self.channel_name), LAYER_TIMEOUT
        )
        self.joined = True
        await self.accept()
        await self.send_json({"type": "welcome", "room": self.room, "user": self.user})
        await presence.tell(self.channel_layer, self.group, "join", self.user, self.channel_name)

    async def accept(self, subprotocol=None, headers=None):
        """Accept the handshake, and remember it: tell_unavailable() needs to know."""
        await super().accept(subprotocol, headers)
        self.accepted = True

    async def disconnect(self, close_code):
        """Leave the room: the client closed the socket, or lost it."""
        await self.leave()

    async def leave(self):
        """Leave the group first, then tell those who remain; once, however the socket ended."""
        if not self.joined:
            return
        self.joined = False
        try:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await presence.tell(
                self.channel_layer, self.group, "leave", self.user, self.channel_name
            )
        except LAYER_ERRORS as error:
            # With the layer down there is no one to tell; the channel stays in
            # the group until the layer's group_expiry.
            logger.warning(
                "Could not leave %s, the channel layer failed: %s: %s",
                self.group,
                type(error).__name__,
                error,
            )

    async def tell_unavailable(self, send):
        """Accept if need be, send the room_unavailable error, and close with 4013."""
        # Accepted first, so that the client hears why: a refused handshake
        # reaches a browser as a bare failure, with no code and no reason.
        if not self.accepted:
            await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": json.dumps(ROOM_UNAVAILABLE)})
        await send({"type": "websocket.close", "code": TRY_AGAIN_LATER})

    async def receive(self, text_data=None, bytes_data=None):
        """Broadcast a valid message; answer bad input to the sender alone."""
        if not self.limit.allow():
            if self.limit.exhausted:
                await self.close(code=TOO_MANY_FRAMES)
            else:
                await self.send_json(RATE_LIMITED)
            return
        # Overridden: the base class raises on binary, empty or invalid JSON
        # frames, and a raise closes the connection.
        try:
            text = parse_message(text_data, bytes_data)
        except ProtocolError as error:
            await self.send_json(error.as_event())
            return
        if text is None:
            # A typing frame carries no text. The sender's channel goes along,
            # so that its own consumer can skip it, as chat_join does.
            await self.channel_layer.group_send(
                self.group, {"type": "chat.typing", "user": self.user, "channel": self.channel_name}
            )
            return
        # The event type is fixed here, never copied from the client: it
        # chooses which method below runs in every member's consumer.
        await self.channel_layer.group_send(
            self.group, {"type": "chat.message", "user": self.user, "text": text}
        )

    # Channels delivers a "chat.message" event to the method chat_message:
    # the dot becomes an underscore. A missing method is "No handler for
    # message type chat.message".

    async def chat_message(self, event):
        """Pass a broadcast message on to this member's client."""
        await self.send_json(
            {"type": "message", "room": self.room, "user": event["user"], "text": event["text"]}
        )

    async def chat_join(self, event):
        """Tell this member's client who else joined."""
        # Presence events come in batches (see presence.py); this member's
        # own join is in one of them, and its client knows already.
        pairs = zip(event["users"], event["channels"], strict=True)
        users = [user for user, channel in pairs if channel != self.channel_name]
        if users:
            await self.send_json({"type": "join", "room": self.room, "users": users})

    async def chat_typing(self, event):
        """Tell this member's client that someone else is typing."""
        if event["channel"] != self.channel_name:
            await self.send_json({"type": "typing", "room": self.room, "user": event["user"]})

    async def chat_leave(self, event):
        """Tell this member's client who left."""
        await self.send_json({"type": "leave", "room": self.room, "users": event["users"]})
