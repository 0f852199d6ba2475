"""WebSocket routes; each domain app contributes its consumers here."""

from typing import Any

from callcenter.wallboard.routing import websocket_urlpatterns as wallboard_websocket_urlpatterns

websocket_urlpatterns: list[Any] = [*wallboard_websocket_urlpatterns]
