"""App config for dialer."""

from django.apps import AppConfig


class DialerConfig(AppConfig):
    name = "callcenter.dialer"
    label = "dialer"
