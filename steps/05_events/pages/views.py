"""Render the pages a browser loads, and take the room page's announce form."""

import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rooms.announcements import publish
from rooms.converters import RoomNameConverter
from rooms.forms import AnnouncementForm

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
    """Show a room: its live log, its announcements and a message box; staff may announce."""
    return render_room(request, room, AnnouncementForm() if request.user.is_staff else None)


@require_POST
def announce(request, room):
    """Publish the form's announcement to the room, for staff only; then back to the room."""
    # The CSRF check has already run, in CsrfViewMiddleware: a POST without
    # the form's token never gets here. Anonymous users are never staff.
    if not request.user.is_staff:
        raise PermissionDenied("Only staff can announce.")
    form = AnnouncementForm(request.POST)
    # The form checks the text by the model's rules, and the URL's converter
    # already checked the room: publish() has nothing left to refuse.
    if not form.is_valid():
        return render_room(request, room, form, status=400)
    publish(room, form.cleaned_data["text"], author=request.user)
    # Redirect after a POST, so that reloading the room does not post again.
    return redirect("room", room=room)


def render_room(request, room, announce_form, status=200):
    """Render the room page, with the announce form when one is given."""
    context = {"room": room, "announce_form": announce_form}
    return render(request, "pages/room.html", context, status=status)


def echo(request):
    """Show the echo client."""
    return render(request, "pages/echo.html")
