"""App config for live."""

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "callcenter.live"
    label = "live"
