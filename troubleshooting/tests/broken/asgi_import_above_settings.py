"""Import a model before asgi.py even names the settings (the mistake)."""

# --8<-- [start:mistake]
import os

# Too early: nothing has named the settings yet, unless the environment did.
from django.contrib.auth.models import User  # noqa: F401 (the mistake on show)
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_asgi_app = get_asgi_application()
# --8<-- [end:mistake]

application = django_asgi_app
