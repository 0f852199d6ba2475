"""App config for stats."""

from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "callcenter.stats"
    label = "stats"
