"""App config for wallboard."""

from django.apps import AppConfig


class WallboardConfig(AppConfig):
    name = "callcenter.wallboard"
    label = "wallboard"
