"""WebSocket routes; each domain app contributes its consumers here."""

from typing import Any

websocket_urlpatterns: list[Any] = []
