"""Echo every WebSocket frame back to the client that sent it."""

from channels.generic.websocket import AsyncWebsocketConsumer


class EchoConsumer(AsyncWebsocketConsumer):
    """Send each frame back as it came: text as text, binary as binary."""

    async def connect(self):
        """Accept the handshake: the origin check in asgi.py has already run."""
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        """Send the frame back in the form it arrived."""
        # Compare with None: an empty text frame is still text, and "" is falsy.
        if text_data is not None:
            await self.send(text_data=text_data)
        else:
            await self.send(bytes_data=bytes_data)

    async def disconnect(self, close_code):
        """Clean up nothing: an echo keeps no state between frames."""
