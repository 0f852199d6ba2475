"""App config for simulator."""

from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "callcenter.simulator"
    label = "simulator"
