"""URLs of the dialer pages (the API is registered on the project's router by ``api.register``)."""

from django.urls import path

from callcenter.dialer.views import agent, campaigns, upload

app_name = "dialer"
urlpatterns = [
    path("", campaigns.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", campaigns.monitor, name="monitor"),
    path("campaigns/<int:pk>/metrics.json", campaigns.monitor_json, name="monitor-json"),
    path("campaigns/<int:pk>/status/", campaigns.set_status, name="status"),
    path("campaigns/<int:pk>/export.csv", campaigns.export, name="export"),
    path("campaigns/<int:pk>/upload/", upload.upload, name="upload"),
    path("agent/", agent.agent_page, name="agent"),
    path("agent/join/", agent.agent_join, name="agent-join"),
    path("agent/dial/<int:lead_id>/", agent.agent_dial, name="agent-dial"),
    path("agent/disposition/<int:attempt_id>/", agent.agent_disposition, name="agent-disposition"),
]
