"""Build step 02's ASGI application around one of the bench's echo consumers.

BENCH_CONSUMER names the class in bench/fast_echo.py; the rest mirrors step 02's
config/asgi.py, origin check included.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from bench import fast_echo  # noqa: E402

consumer = getattr(fast_echo, os.environ.get("BENCH_CONSUMER", "FastEchoConsumer"))

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(consumer.as_asgi()),
    }
)
