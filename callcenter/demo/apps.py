"""App config of the demo (no models)."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "callcenter.demo"
    label = "demo"
