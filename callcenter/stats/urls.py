"""URLs of the report pages (included at /reports/)."""

from django.urls import path

from callcenter.stats import views
from callcenter.stats.schedules import views as schedule_views

app_name = "stats"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("calls/<str:which>/", views.calls, name="calls"),
    path("distribution/", views.distribution, name="distribution"),
    path("agents/", views.agents, name="agents"),
    path("callbacks/", views.callbacks, name="callbacks"),
    path("callbacks/<int:pk>/assign/", views.assign_callback, name="assign_callback"),
    path("callbacks/<int:pk>/close/", views.close_callback, name="close_callback"),
    path("staffing/", views.staffing, name="staffing"),
    path("download/<str:kind>.<str:fmt>", views.download, name="download"),
    path("runs/", views.runs, name="runs"),
    path("runs/start/", views.start_run, name="start_run"),
    path("runs/<int:pk>/", views.run_status, name="run_status"),
    path("runs/<int:pk>/file/", views.run_file, name="run_file"),
    path("schedules/", schedule_views.schedule_list, name="schedules"),
    path("schedules/new/", schedule_views.schedule_create, name="schedule_create"),
    path("schedules/<int:pk>/", schedule_views.schedule_edit, name="schedule_edit"),
    path("schedules/<int:pk>/delete/", schedule_views.schedule_delete, name="schedule_delete"),
]
