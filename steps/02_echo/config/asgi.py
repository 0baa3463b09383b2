"""Build the ASGI application that daphne serves."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Set Django up before anything imports models or app code: importing those
# first raises AppRegistryNotReady ("Apps aren't loaded yet").
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from echo.consumers import EchoConsumer  # noqa: E402

# One entry per connection type. Every WebSocket path reaches the echo
# consumer for now; URL routing comes next.
application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Refuse (HTTP 403) a handshake whose Origin header is missing or names
        # a host outside ALLOWED_HOSTS: another site's page cannot open it.
        "websocket": AllowedHostsOriginValidator(EchoConsumer.as_asgi()),
    }
)
