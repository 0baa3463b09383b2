"""Register the app that serves the course's HTML pages."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Hold the templates and static files of the pages a browser loads."""

    name = "pages"
