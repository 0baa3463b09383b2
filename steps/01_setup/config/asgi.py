"""Build the ASGI application that daphne serves."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Set Django up before anything imports models or app code: importing those
# first raises AppRegistryNotReady ("Apps aren't loaded yet").
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

# One entry per connection type. Only "http" so far, so a WebSocket
# handshake fails: "No application configured for scope type 'websocket'".
application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
    }
)
