"""Echo every WebSocket frame back to the client that sent it, numbering the text ones."""

from channels.generic.websocket import AsyncWebsocketConsumer


class EchoConsumer(AsyncWebsocketConsumer):
    """Send each frame back: text numbered as "N: text", binary as it came."""

    async def connect(self):
        """Start this connection's count at 0, and accept the handshake."""
        # On self: Channels makes one instance per connection, so each
        # connection counts its own frames, from 1 again after a reconnect.
        self.count = 0
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        """Send the frame back in the form it arrived, a text one numbered."""
        # Compare with None: an empty text frame is still text, and "" is falsy.
        if text_data is not None:
            self.count += 1
            await self.send(text_data=f"{self.count}: {text_data}")
        else:
            await self.send(bytes_data=bytes_data)

    async def disconnect(self, close_code):
        """Clean up nothing: the count goes with the instance."""
