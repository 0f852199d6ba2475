"""App config for agents."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgentsConfig(AppConfig):
    name = "callcenter.agents"
    label = "agents"
    verbose_name = _("Agents")

    def ready(self) -> None:
        # pbx renders the agents' phones and queue members without importing this app (it sits below).
        from callcenter.agents.snapshot import agent_phones, collect_agents
        from callcenter.pbx.snapshot.sources import register_collector, register_phone_source

        register_collector(collect_agents)
        register_phone_source(agent_phones)
