"""Reproduce "Import order in asgi.py": app code imported before Django is set up."""

import importlib

import pytest
from channels.routing import ProtocolTypeRouter

from course_kit.processes import HOST, free_port
from tests.processes import Job


@pytest.fixture(scope="module")
def daphne_runs(tmp_path_factory):
    """Start `daphne MODULE:application` on each broken module at once, as production would."""
    folder = tmp_path_factory.mktemp("daphne")
    runs = {}
    for name in ("asgi_model_import_first", "asgi_imports_on_top", "asgi_import_above_settings"):
        command = ["-m", "daphne", "-b", HOST, "-p", str(free_port())]
        runs[name] = Job.start(folder, [*command, f"tests.broken.{name}:application"], name=name)
    yield runs
    for run in runs.values():
        run.stop()


def test_model_imported_before_get_asgi_application_raises_app_registry_not_ready(daphne_runs):
    # A module that imports fine would leave daphne serving: result() then times out.
    code, output = daphne_runs["asgi_model_import_first"].result()

    assert code == 1
    assert output.rstrip().endswith(
        "django.core.exceptions.AppRegistryNotReady: Apps aren't loaded yet."
    )


def test_the_same_module_imports_fine_where_django_is_already_set_up():
    # pytest-django, like runserver, calls django.setup() before anything
    # imports the module, so the wrong order goes unnoticed here.
    module = importlib.import_module("tests.broken.asgi_model_import_first")

    assert isinstance(module.application, ProtocolTypeRouter)


def test_routes_imported_before_get_asgi_application_name_an_invalid_converter(daphne_runs):
    code, output = daphne_runs["asgi_imports_on_top"].result()

    assert code == 1
    assert output.rstrip().endswith(
        "django.core.exceptions.ImproperlyConfigured: "
        "URL route 'ws/rooms/<room:room>/' uses invalid converter 'room'."
    )


def test_model_imported_before_the_settings_are_named_finds_no_settings(daphne_runs):
    # Daphne runs here without DJANGO_SETTINGS_MODULE, as on a fresh server.
    code, output = daphne_runs["asgi_import_above_settings"].result()

    assert code == 1
    assert output.rstrip().endswith(
        "django.core.exceptions.ImproperlyConfigured: Requested setting INSTALLED_APPS, "
        "but settings are not configured. You must either define the environment variable "
        "DJANGO_SETTINGS_MODULE or call settings.configure() before accessing settings."
    )
