"""Fetch a page from a real server over HTTP."""

import urllib.request


def fetch(url, timeout=5):
    """Return the status and text of the page at `url`."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode()
