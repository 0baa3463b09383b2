"""Echo every WebSocket frame back to the client that sent it."""

from channels.generic.websocket import AsyncWebsocketConsumer


class EchoConsumer(AsyncWebsocketConsumer):
    """Send each frame back as it came: text as text, binary as binary."""

    # Every consumer gets a channel on the default layer and listens on it, so a
    # Redis that is down would close the echo too. An alias that names no layer
    # leaves this one without: get_channel_layer() returns None for it.
    channel_layer_alias = None

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
