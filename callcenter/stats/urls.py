"""URLs of the report pages (included at /reports/)."""

from django.urls import path

from callcenter.stats.schedules import views as schedule_views
from callcenter.stats.views import callbacks, reports, runs

app_name = "stats"
urlpatterns = [
    path("", reports.summary, name="summary"),
    path("calls/<str:which>/", reports.calls, name="calls"),
    path("distribution/", reports.distribution, name="distribution"),
    path("agents/", reports.agents, name="agents"),
    path("callbacks/", callbacks.callbacks, name="callbacks"),
    path("callbacks/<int:pk>/assign/", callbacks.assign_callback, name="assign_callback"),
    path("callbacks/<int:pk>/close/", callbacks.close_callback, name="close_callback"),
    path("staffing/", reports.staffing, name="staffing"),
    path("download/<str:kind>.<str:fmt>", reports.download, name="download"),
    path("runs/", runs.runs, name="runs"),
    path("runs/start/", runs.start_run, name="start_run"),
    path("runs/<int:pk>/", runs.run_status, name="run_status"),
    path("runs/<int:pk>/file/", runs.run_file, name="run_file"),
    path("schedules/", schedule_views.schedule_list, name="schedules"),
    path("schedules/new/", schedule_views.schedule_create, name="schedule_create"),
    path("schedules/<int:pk>/", schedule_views.schedule_edit, name="schedule_edit"),
    path("schedules/<int:pk>/delete/", schedule_views.schedule_delete, name="schedule_delete"),
]
