"""Serve the finished step's consumers with one mistake per path, for a real server."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from echo.consumers import EchoConsumer  # noqa: E402
from rooms.consumers import RoomConsumer  # noqa: E402
from tests.broken.consumers import (  # noqa: E402
    MisnamedHandlerConsumer,
    StandardCloseCodeConsumer,
)

# --8<-- [start:routes]
websocket_urlpatterns = [
    path("ws/echo/", EchoConsumer.as_asgi()),
    # Mistake: no AuthMiddlewareStack around the room consumer, so no scope["user"].
    path("ws/rooms/<room:room>/", RoomConsumer.as_asgi()),
    # Mistake: <str:...> lets spaces, accents and long names into the group name.
    path("ws/any-room/<str:room>/", AuthMiddlewareStack(RoomConsumer.as_asgi())),
    # Mistake: the consumer's handler is not named after the event type.
    path("ws/misnamed/", MisnamedHandlerConsumer.as_asgi()),
    # Mistake: the consumer closes with a code that daphne refuses to send.
    path("ws/close-1003/", StandardCloseCodeConsumer.as_asgi()),
    # Mistake: no catch-all route last, so any other path raises ValueError.
]
# --8<-- [end:routes]

# No origin check: it would change none of the mistakes, and without it the
# tests' clients need not send an Origin header.
application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": URLRouter(websocket_urlpatterns),
    }
)
