"""Refuse WebSocket connections that no route claims."""

import logging

from channels.generic.websocket import AsyncWebsocketConsumer

logger = logging.getLogger(__name__)


class NoRouteConsumer(AsyncWebsocketConsumer):
    """Close the handshake (HTTP 403) and log one line saying why."""

    async def connect(self):
        """Refuse: closing before accepting answers the handshake with 403."""
        logger.warning("WebSocket refused: no route matches %r", self.scope["path"])
        await self.close()
