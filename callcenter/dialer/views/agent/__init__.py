"""The agent's dialer page (``page``), what the agent posts from it (``posts``)
and who may use them (``access``)."""

from callcenter.dialer.views.agent.access import current_agent
from callcenter.dialer.views.agent.page import agent_page
from callcenter.dialer.views.agent.posts import agent_dial, agent_disposition, agent_join

__all__ = ["agent_dial", "agent_disposition", "agent_join", "agent_page", "current_agent"]
