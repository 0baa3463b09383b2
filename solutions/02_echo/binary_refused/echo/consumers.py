"""Echo every WebSocket text frame back to the client that sent it."""

from channels.generic.websocket import AsyncWebsocketConsumer


class EchoConsumer(AsyncWebsocketConsumer):
    """Send each text frame back as it came; refuse binary frames."""

    async def connect(self):
        """Accept the handshake: the origin check in asgi.py has already run."""
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        """Send a text frame back; answer a binary one with why, and close."""
        # Compare with None: an empty text frame is still text, and "" is falsy.
        if text_data is not None:
            await self.send(text_data=text_data)
            return
        # The reason goes in a text frame: Daphne sends the close code on, but
        # drops close(reason=...).
        await self.send(text_data="Binary frames are refused here: send text.")
        # Daphne sends only 1000 or a code from 3000 to 4999; any other, such as
        # the standard's 1003 "unsupported data", raises, and the client gets 1011.
        await self.close(code=4003)

    async def disconnect(self, close_code):
        """Clean up nothing: an echo keeps no state between frames."""
