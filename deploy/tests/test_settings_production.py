"""Import deploy/settings_production.py in a fresh process, with its environment set."""

import json
import re
import secrets
import subprocess
import sys

import pytest

import services
import systemdunit
from course_kit.server import server_env

SETTINGS = services.DEPLOY / "settings_production.py"
# Every variable the settings or the unit read: none may leak in from the test's environment.
NAMES = re.compile(r"^(DJANGO_|POSTGRES_|REDIS_URL$)")
SHOWN = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "STATIC_ROOT",
    "DATABASES",
    "CHANNEL_LAYERS",
    "ASGI_APPLICATION",
]
PRINT = (
    "import json, settings_production as s; "
    f"print(json.dumps({{n: getattr(s, n) for n in {SHOWN!r}}}, default=str))"
)


def environment(**variables):
    """Return this process's environment without the settings' variables, plus `variables`."""
    base = {name: value for name, value in server_env().items() if not NAMES.match(name)}
    return {**base, "PYTHONPATH": str(services.DEPLOY), **variables}


def python(code, **variables):
    """Run Python in the step folder, as daphne does, with the settings' folder on the path."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=services.STEP_DIR,
        env=environment(**variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def load(**variables):
    """Import the settings with `variables` set; return the interesting values."""
    result = python(PRINT, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def key():
    return secrets.token_urlsafe(50)


def test_values_come_from_the_environment(key):
    settings = load(
        DJANGO_SECRET_KEY=key,
        DJANGO_ALLOWED_HOSTS="chat.example.com, www.chat.example.com",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://forms.example.com",
        DJANGO_STATIC_ROOT="/srv/channels-course/static",
        DJANGO_HSTS_SECONDS="3600",
    )
    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == key
    assert settings["ALLOWED_HOSTS"] == ["chat.example.com", "www.chat.example.com"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://forms.example.com"]
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 3600
    assert settings["STATIC_ROOT"] == "/srv/channels-course/static"
    # Everything else is the course's: the same application, for one.
    assert settings["ASGI_APPLICATION"] == "config.asgi.application"


def test_redis_carries_the_channel_layer_when_redis_url_is_set(key):
    url = "redis://127.0.0.1:6379/0"
    settings = load(DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="chat.example.com", REDIS_URL=url)
    layer = settings["CHANNEL_LAYERS"]["default"]
    # The step decides the class (channels-redis's, or its own subclass of it)
    # and how a host is spelled (a URL, or a dict with options).
    assert layer["BACKEND"].endswith("RedisChannelLayer")
    (host,) = layer["CONFIG"]["hosts"]
    assert url in (host, host.get("address") if isinstance(host, dict) else None)


def test_without_redis_url_the_layer_is_in_memory(key):
    settings = load(DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="chat.example.com")
    layer = settings["CHANNEL_LAYERS"]["default"]
    assert layer["BACKEND"] == "channels.layers.InMemoryChannelLayer"


def test_postgres_when_configured(key):
    settings = load(
        DJANGO_SECRET_KEY=key,
        DJANGO_ALLOWED_HOSTS="chat.example.com",
        POSTGRES_DB="channels_course",
        POSTGRES_USER="channels_course",
        POSTGRES_PASSWORD="secret",
        POSTGRES_HOST="127.0.0.1",
    )
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["HOST"]) == (
        "channels_course",
        "channels_course",
        "127.0.0.1",
    )
    assert database["CONN_MAX_AGE"] == 0


def test_sqlite_stays_unless_told_otherwise(key):
    settings = load(DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="chat.example.com")
    assert settings["DATABASES"]["default"]["NAME"] == str(services.STEP_DIR / "db.sqlite3")
    settings = load(
        DJANGO_SECRET_KEY=key,
        DJANGO_ALLOWED_HOSTS="chat.example.com",
        DJANGO_SQLITE_PATH="/srv/channels-course/db.sqlite3",
    )
    assert settings["DATABASES"]["default"]["NAME"] == "/srv/channels-course/db.sqlite3"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "x.example"}, "Set the environment variable DJANGO_SECRET_KEY."),
        ({"DJANGO_SECRET_KEY": "k" * 50}, "Set the environment variable DJANGO_ALLOWED_HOSTS."),
        (
            systemdunit.environment_file(services.ENV_FILE.read_text()),
            "DJANGO_SECRET_KEY still holds the example's placeholder.",
        ),
    ],
    ids=["no-secret-key", "no-allowed-hosts", "example-file-as-is"],
)
def test_a_missing_value_stops_with_its_name(variables, message):
    result = python("import settings_production", **variables)
    assert result.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in result.stderr


def test_the_example_file_lists_what_the_settings_read():
    read = set(re.findall(r"\"((?:DJANGO|POSTGRES)_[A-Z_]+)\"", SETTINGS.read_text()))
    listed = set(re.findall(r"^#?([A-Z_]+)=", services.ENV_FILE.read_text(), re.MULTILINE))
    assert read == listed


@pytest.mark.e2e
def test_django_deployment_checks_leave_only_the_hsts_choices(key):
    # Django's own production checklist, on the settings the unit uses.
    example = systemdunit.environment_file(services.ENV_FILE.read_text())
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=services.STEP_DIR,
        env=environment(
            **{**example, "DJANGO_SECRET_KEY": key},
            DJANGO_SETTINGS_MODULE="settings_production",
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Whether HSTS covers subdomains, and whether to join the browsers'
    # preload list, are decisions for the site's owner, left open here.
    assert re.findall(r"\(security\.(\w+)\)", result.stderr) == ["W005", "W021"]
    assert "(1 silenced)" in result.stderr
