"""Build the ASGI application that daphne serves."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Set Django up before anything imports models or app code: importing those
# first raises AppRegistryNotReady ("Apps aren't loaded yet").
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402

# One entry per connection type. A WebSocket passes through three layers,
# outermost first, before a consumer sees it.
application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Refuse (HTTP 403) a handshake whose Origin header is missing or names
        # a host outside ALLOWED_HOSTS: another site's page cannot open it.
        "websocket": AllowedHostsOriginValidator(
            # Read the session cookie and put the user in scope["user"].
            AuthMiddlewareStack(
                # Pick a consumer by path, from config/routing.py.
                URLRouter(websocket_urlpatterns)
            )
        ),
    }
)
