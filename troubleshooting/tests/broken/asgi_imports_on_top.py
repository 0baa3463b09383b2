"""Build the finished step's application with every import on top (the mistake)."""

# --8<-- [start:mistake]
import os

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.core.asgi import get_asgi_application

# Too early: the routes import the consumers, and from step 05 on the
# consumers import a model. Before that, the routes fail first: they use
# <room:...>, a converter that the rooms app registers only when
# get_asgi_application() sets Django up.
from config.routing import websocket_urlpatterns

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_asgi_app = get_asgi_application()
# --8<-- [end:mistake]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
