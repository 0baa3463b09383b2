"""Render the pages a browser loads."""

import re

from django.shortcuts import redirect, render

from rooms.converters import RoomNameConverter

SUGGESTED_ROOMS = ["lobby", "django", "help"]


def home(request):
    """Offer rooms to join, and go to the one named in `?room=`."""
    room = request.GET.get("room", "").strip()
    if room and re.fullmatch(RoomNameConverter.regex, room):
        return redirect("room", room=room)
    context = {
        # Only an ASGI request carries the connection's `scope`.
        "served_over": "ASGI" if hasattr(request, "scope") else "WSGI",
        "rooms": SUGGESTED_ROOMS,
        "room": room,
        "invalid": bool(room),
    }
    return render(request, "pages/home.html", context, status=400 if room else 200)


def room(request, room):
    """Show a room: its live log and a message box."""
    return render(request, "pages/room.html", {"room": room})


def echo(request):
    """Show the echo client."""
    return render(request, "pages/echo.html")
