"""Run the finished step in production: its settings, hardened from the environment.

Put this folder on PYTHONPATH and set DJANGO_SETTINGS_MODULE=settings_production;
deploy/systemd/channels-course@.service does both. What differs between machines,
or must stay secret, comes from environment variables, listed in
deploy/systemd/channels-course.env.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403


def required(name):
    """Return a variable's value, or stop the server with a message naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    if value.startswith("replace-me"):
        raise ImproperlyConfigured(f"{name} still holds the example's placeholder.")
    return value


def as_list(value):
    """Split a comma-separated value, dropping blanks."""
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = False
# The development key is public (it is in the repository): never reuse it.
SECRET_KEY = required("DJANGO_SECRET_KEY")
# With DEBUG off, Django answers only requests whose Host is listed here, and
# AllowedHostsOriginValidator accepts a WebSocket only if its Origin is too.
ALLOWED_HOSTS = as_list(required("DJANGO_ALLOWED_HOSTS"))
# Only for forms posted from another origin, such as a subdomain; same-site
# posts pass the CSRF check once Django knows the request came over https.
CSRF_TRUSTED_ORIGINS = as_list(os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", ""))

# nginx ends TLS and says so in X-Forwarded-Proto; trust that header, which is
# safe only because nginx always sets it and daphne listens on 127.0.0.1 alone.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
# nginx redirects plain HTTP to https before Django sees it; SECURE_SSL_REDIRECT
# would also redirect health checks that reach daphne directly.
SILENCED_SYSTEM_CHECKS = ["security.W008"]

# Where `manage.py collectstatic` copies the static files for nginx to serve.
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or None

if os.environ.get("POSTGRES_DB"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["POSTGRES_DB"],
            "USER": os.environ.get("POSTGRES_USER", ""),
            "PASSWORD": os.environ.get("POSTGRES_PASSWORD", ""),
            "HOST": os.environ.get("POSTGRES_HOST", ""),
            "PORT": os.environ.get("POSTGRES_PORT", ""),
            # Under ASGI, close each connection after use (Django's advice);
            # pool connections in the database driver or a pooler instead.
            "CONN_MAX_AGE": 0,
        }
    }
elif os.environ.get("DJANGO_SQLITE_PATH"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ["DJANGO_SQLITE_PATH"],
        }
    }

# CHANNEL_LAYERS comes from config.settings unchanged: Redis when REDIS_URL is
# set, else the in-memory layer, which two processes cannot share.
