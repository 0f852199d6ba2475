"""URLs of the dialer pages (the API is registered on the project's router by ``api.register``)."""

from django.urls import path

from callcenter.dialer import views

app_name = "dialer"
urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.monitor, name="monitor"),
    path("campaigns/<int:pk>/metrics.json", views.monitor_json, name="monitor-json"),
    path("campaigns/<int:pk>/status/", views.set_status, name="status"),
    path("campaigns/<int:pk>/export.csv", views.export, name="export"),
    path("campaigns/<int:pk>/upload/", views.upload, name="upload"),
    path("agent/", views.agent_page, name="agent"),
    path("agent/join/", views.agent_join, name="agent-join"),
    path("agent/dial/<int:lead_id>/", views.agent_dial, name="agent-dial"),
    path("agent/disposition/<int:attempt_id>/", views.agent_disposition, name="agent-disposition"),
]
