"""Hold a consumer whose group handler has the wrong name (the mistake)."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

GROUP = "misnamed"


class MisnamedHandlerConsumer(AsyncJsonWebsocketConsumer):
    """Broadcast every message to a group, as RoomConsumer does."""

    async def connect(self):
        """Join the group, then accept."""
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, close_code):
        """Leave the group."""
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    # --8<-- [start:mistake]
    async def receive_json(self, content):
        """Send the message to every member of the group."""
        await self.channel_layer.group_send(GROUP, {"type": "chat.message", "text": content})

    # Channels looks for a method named after the event type with dots made
    # underscores: chat_message. This name is never looked up.
    async def on_chat_message(self, event):
        """Pass a broadcast message on to this member's client."""
        await self.send_json(event["text"])

    # --8<-- [end:mistake]
