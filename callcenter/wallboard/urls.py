"""URLs of the wallboard app."""

from django.urls import path

from callcenter.wallboard import crm_views, views

app_name = "wallboard"
urlpatterns = [
    path("", views.board_page, name="board"),
    path("tv/", views.tv_page, name="tv"),
    path("today.json", views.today_json, name="today"),
    path("actions/spy/", views.spy_action, name="spy"),
    path("actions/pause/", views.pause_action, name="pause"),
    path("actions/remove/", views.remove_action, name="remove"),
    path("actions/login/", views.login_action, name="login"),
    path("agent/", views.agent_page, name="agent"),
    path("agent/state.json", views.agent_state, name="agent-state"),
    path("agent/queue/", views.agent_queue, name="agent-queue"),
    path("agent/pause/", views.agent_pause, name="agent-pause"),
    path("agent/callback/", views.agent_callback, name="agent-callback"),
    path("contacts/import/", crm_views.import_contacts, name="contacts-import"),
]
