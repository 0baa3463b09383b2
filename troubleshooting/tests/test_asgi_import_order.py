"""Reproduce "Import order in asgi.py": app code imported before Django is set up."""

import importlib

import pytest
from channels.routing import ProtocolTypeRouter

from course_kit.layout import step_dir
from course_kit.processes import HOST, free_port
from tests.processes import STEP_DIR, Job

# The last step whose consumers import no model: there, the routes fail first.
MODEL_FREE_STEP = step_dir("04_groups")


@pytest.fixture(scope="module")
def daphne_runs(tmp_path_factory):
    """Start `daphne MODULE:application` on each broken module at once, as production would."""
    folder = tmp_path_factory.mktemp("daphne")
    runs = {}
    # Each run's name: the broken module, and the step it imports.
    wanted = {
        "asgi_model_import_first": ("asgi_model_import_first", STEP_DIR),
        "asgi_imports_on_top": ("asgi_imports_on_top", STEP_DIR),
        "asgi_imports_on_top_04": ("asgi_imports_on_top", MODEL_FREE_STEP),
        "asgi_import_above_settings": ("asgi_import_above_settings", STEP_DIR),
    }
    for name, (module, step) in wanted.items():
        command = ["-m", "daphne", "-b", HOST, "-p", str(free_port())]
        application = f"tests.broken.{module}:application"
        runs[name] = Job.start(folder, [*command, application], name=name, step=step)
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


def test_imports_on_top_reach_a_model_through_the_consumers_before_the_settings(daphne_runs):
    code, output = daphne_runs["asgi_imports_on_top"].result()

    assert code == 1
    # config/routing.py imports rooms/consumers.py, which imports the model
    # through rooms/history.py; the model's ForeignKey reads a setting.
    assert 'rooms/history.py", line' in output
    assert output.rstrip().endswith(
        "django.core.exceptions.ImproperlyConfigured: Requested setting AUTH_USER_MODEL, "
        "but settings are not configured. You must either define the environment variable "
        "DJANGO_SETTINGS_MODULE or call settings.configure() before accessing settings."
    )


def test_imports_on_top_in_step_04_name_an_invalid_converter(daphne_runs):
    code, output = daphne_runs["asgi_imports_on_top_04"].result()

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
