"""App config for agents."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgentsConfig(AppConfig):
    name = "callcenter.agents"
    label = "agents"
    verbose_name = _("Agents")
