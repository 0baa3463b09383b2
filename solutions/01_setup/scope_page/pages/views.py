"""Render the pages a browser loads."""

from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    """Show the home page, and whether it came over ASGI or WSGI."""
    # Only an ASGI request carries the connection's `scope`.
    served_over = "ASGI" if hasattr(request, "scope") else "WSGI"
    return render(request, "pages/home.html", {"served_over": served_over})


def scope(request):
    """Answer five keys of the request's ASGI scope, as JSON."""
    # An ASGI request only: under WSGI there is no scope, and this raises.
    scope = request.scope
    return JsonResponse(
        {
            "type": scope["type"],
            "http_version": scope["http_version"],
            "method": scope["method"],
            "path": scope["path"],
            # Bytes in the scope, and JSON has no bytes. A query string is
            # percent-encoded ASCII, and latin-1 decodes any byte at all.
            "query_string": scope["query_string"].decode("latin-1"),
        }
    )
