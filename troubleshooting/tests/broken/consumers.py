"""Hold consumers with one mistake each: a misnamed group handler, a close code daphne refuses."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer, AsyncWebsocketConsumer

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


class StandardCloseCodeConsumer(AsyncWebsocketConsumer):
    """Close on a binary frame with 1003, the standard code for "data I cannot accept"."""

    async def connect(self):
        """Accept the handshake."""
        await self.accept()

    # --8<-- [start:close-code]
    async def receive(self, text_data=None, bytes_data=None):
        """Refuse binary frames by closing, with the code the WebSocket standard names."""
        if bytes_data is not None:
            # The mistake: daphne only sends 1000 and codes from 3000 to 4999.
            await self.close(code=1003)

    # --8<-- [end:close-code]
