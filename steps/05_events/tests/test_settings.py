"""Settings make runserver speak ASGI through this project's application."""

from django.conf import settings
from django.core.management import get_commands


def test_daphne_is_the_first_installed_app():
    assert settings.INSTALLED_APPS[0] == "daphne"


def test_channels_is_installed():
    assert "channels" in settings.INSTALLED_APPS


def test_runserver_command_comes_from_daphne():
    assert get_commands()["runserver"] == "daphne"


def test_asgi_application_setting_names_the_project_application():
    assert settings.ASGI_APPLICATION == "config.asgi.application"
