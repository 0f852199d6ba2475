"""URLs of the wallboard app."""

from django.urls import path

from callcenter.wallboard import crm_views
from callcenter.wallboard.views import agent, pages, supervisor

app_name = "wallboard"
urlpatterns = [
    path("", pages.board_page, name="board"),
    path("tv/", pages.tv_page, name="tv"),
    path("today.json", pages.today_json, name="today"),
    path("actions/spy/", supervisor.spy_action, name="spy"),
    path("actions/pause/", supervisor.pause_action, name="pause"),
    path("actions/remove/", supervisor.remove_action, name="remove"),
    path("actions/login/", supervisor.login_action, name="login"),
    path("agent/", agent.agent_page, name="agent"),
    path("agent/state.json", agent.agent_state, name="agent-state"),
    path("agent/queue/", agent.agent_queue, name="agent-queue"),
    path("agent/pause/", agent.agent_pause, name="agent-pause"),
    path("agent/callback/", agent.agent_callback, name="agent-callback"),
    path("contacts/import/", crm_views.import_contacts, name="contacts-import"),
]
