"""Render the pages a browser loads."""

from django.shortcuts import render


def home(request):
    """Show the home page, and whether it came over ASGI or WSGI."""
    # Only an ASGI request carries the connection's `scope`.
    served_over = "ASGI" if hasattr(request, "scope") else "WSGI"
    return render(request, "pages/home.html", {"served_over": served_over})


def about(request):
    """Show the about page, and whether it came over ASGI or WSGI."""
    served_over = "ASGI" if hasattr(request, "scope") else "WSGI"
    return render(request, "pages/about.html", {"served_over": served_over})
