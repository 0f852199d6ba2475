"""App config of the shared core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "callcenter.core"
    label = "core"
