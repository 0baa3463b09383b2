"""Register the app that holds the chat rooms."""

from django.apps import AppConfig
from django.urls import register_converter


class RoomsConfig(AppConfig):
    """Hold the room consumer, its protocol and the room-name converter."""

    name = "rooms"

    def ready(self):
        """Register `<room:...>` once, before any URL pattern uses it."""
        from rooms.converters import RoomNameConverter

        register_converter(RoomNameConverter, "room")
