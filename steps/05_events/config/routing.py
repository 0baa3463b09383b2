"""Map WebSocket paths to consumers, as urls.py maps HTTP paths to views."""

from django.urls import path, re_path

from config.consumers import NoRouteConsumer
from echo.consumers import EchoConsumer
from rooms.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/echo/", EchoConsumer.as_asgi()),
    # <room:...> is RoomNameConverter: a name it rejects matches no route.
    path("ws/rooms/<room:room>/", RoomConsumer.as_asgi()),
    # Last, and matching anything: without it URLRouter raises ValueError on
    # an unknown path, which daphne answers with a 500 and a traceback.
    re_path(r"", NoRouteConsumer.as_asgi()),
]
