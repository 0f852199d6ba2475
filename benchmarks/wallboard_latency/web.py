"""The web process: the project's ASGI stack with the wallboard route, under uvicorn."""

from __future__ import annotations

from typing import Any

from benchmarks.wallboard_latency.environment import setup_django

setup_django()


def asgi_app() -> Any:
    """The project's ASGI stack with the wallboard route (uvicorn --factory)."""
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator
    from django.core.asgi import get_asgi_application

    from callcenter.wallboard.routing import websocket_urlpatterns

    return ProtocolTypeRouter(
        {
            "http": get_asgi_application(),
            "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
        }
    )
