"""Serve the finished step's pages, and a view that publishes without async_to_sync."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as step_urlpatterns
from tests.broken.announcements import publish_without_async_to_sync


def announce_without_async_to_sync(request, room):
    """Publish `?text=` to the room, as the step's announce view does, but with the mistake."""
    # A GET, and open to anyone: the test then needs no login and no CSRF token.
    announcement = publish_without_async_to_sync(room, request.GET["text"])
    return HttpResponse(f"Announced #{announcement.id}")


urlpatterns = [
    *step_urlpatterns,
    path("broken/announce/<room:room>/", announce_without_async_to_sync),
]
