"""Configure Django for a Channels project served over ASGI."""

import os
from pathlib import Path

from config.channel_layers import channel_layers

BASE_DIR = Path(__file__).resolve().parent.parent

# Development settings: never deploy with this key or with DEBUG on.
SECRET_KEY = "django-insecure-course-only-do-not-deploy"
DEBUG = True
# Listed rather than left empty: tests run with DEBUG off, and the
# WebSocket origin check (AllowedHostsOriginValidator) reads this list too.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    # First, so that its `runserver` replaces Django's: the development
    # server then speaks ASGI (and so WebSockets) instead of WSGI.
    "daphne",
    "channels",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "pages",
    "echo",
    "rooms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Channels and daphne read this; WSGI_APPLICATION is not needed.
ASGI_APPLICATION = "config.asgi.application"

# The channel layer carries group messages between consumers. In-memory by
# default; set REDIS_URL (redis://127.0.0.1:6379/0) when several processes,
# such as two servers, must share one layer.
CHANNEL_LAYERS = channel_layers(os.environ.get("REDIS_URL"))

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"

LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Print the project's own log lines (such as a refused WebSocket) in the
# server's output, one line each, with their level and logger name.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"short": {"format": "{levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "short"}},
    "loggers": {
        "config": {"handlers": ["console"], "level": "INFO"},
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
