"""Serve a chat room over a WebSocket: every member hears every message and announcement."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from rooms.history import announcements_after, parse_after
from rooms.protocol import ProtocolError, parse_message


def display_name(user):
    """Return the name a room shows for `user`."""
    return user.get_username() if user.is_authenticated else "anonymous"


def group_name(room):
    """Return the channel-layer group that holds the members of `room`."""
    # Group names take ASCII letters, digits, "-", "_" and "." only, under 100
    # characters: the room-name converter already guarantees that.
    return f"room.{room}"


class RoomConsumer(AsyncJsonWebsocketConsumer):
    """Join the room's group; pass on its messages, comings and goings, and announcements."""

    async def connect(self):
        """Join the group, accept, welcome, send the missed announcements, tell the others."""
        self.room = self.scope["url_route"]["kwargs"]["room"]
        # Set by AuthMiddlewareStack in asgi.py; a KeyError here means it is missing.
        self.user = display_name(self.scope["user"])
        self.group = group_name(self.room)
        try:
            after, problem = parse_after(self.scope["query_string"]), None
        except ProtocolError as error:
            # A bad ?after= is the client's bug: say so, and resync as a newcomer.
            after, problem = 0, error
        # Join before accepting, so not one broadcast after the welcome is missed;
        # and before reading the database, so an announcement committed after
        # the read still arrives live.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "welcome", "room": self.room, "user": self.user})
        if problem:
            await self.send_json(problem.as_event())
        missed = await database_sync_to_async(announcements_after)(self.room, after)
        for event in missed:
            await self.send_json(event)
        # One committed between the join and the read comes both ways: from
        # the database just now, and as a live event waiting in this channel
        # (a consumer handles one event at a time, so it waits until connect()
        # returns). announcement() drops the copies of what was sent here.
        # Live events never move this mark: two servers' events can arrive out
        # of id order, and a later one must not hide an earlier one.
        self.resent_up_to = missed[-1]["id"] if missed else 0
        await self.channel_layer.group_send(
            self.group, {"type": "chat.join", "user": self.user, "channel": self.channel_name}
        )

    async def disconnect(self, close_code):
        """Leave the group first, then tell those who remain."""
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.channel_layer.group_send(self.group, {"type": "chat.leave", "user": self.user})

    async def receive(self, text_data=None, bytes_data=None):
        """Broadcast a valid message; answer bad input to the sender alone."""
        # Overridden: the base class raises on binary, empty or invalid JSON
        # frames, and a raise closes the connection.
        try:
            text = parse_message(text_data, bytes_data)
        except ProtocolError as error:
            await self.send_json(error.as_event())
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
        """Tell this member's client that someone else joined."""
        if event["channel"] != self.channel_name:
            await self.send_json({"type": "join", "room": self.room, "user": event["user"]})

    async def chat_leave(self, event):
        """Tell this member's client that someone left."""
        await self.send_json({"type": "leave", "room": self.room, "user": event["user"]})

    async def announcement(self, event):
        """Pass an announcement on to this member's client, unless connect() sent it."""
        # The event has the client's shape already: publish() built it from the
        # saved row, with its type fixed in code.
        if event["id"] > self.resent_up_to:
            await self.send_json(event)

    async def retracted(self, event):
        """Tell this member's client to remove a deleted announcement."""
        # Not checked against resent_up_to: removing a line the page never
        # showed does no harm.
        await self.send_json(event)
