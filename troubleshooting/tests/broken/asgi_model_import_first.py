"""Build the finished step's application, but import a model too early (the mistake)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# --8<-- [start:mistake]
# Too early: a model, or a consumer module that imports one, needs the app
# registry, and get_asgi_application() has not filled it yet.
from django.contrib.auth.models import User  # noqa: F401 (the mistake on show)

django_asgi_app = get_asgi_application()
# --8<-- [end:mistake]

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
