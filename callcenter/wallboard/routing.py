"""WebSocket routes of the wallboard."""

from django.urls import path

from callcenter.wallboard.consumers import WallboardConsumer

websocket_urlpatterns = [path("ws/wallboard/", WallboardConsumer.as_asgi())]
