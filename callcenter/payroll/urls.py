"""URLs of the payroll app (included at /payroll/)."""

from django.urls import path

from callcenter.payroll.views import export, periods, sessions

app_name = "payroll"
urlpatterns = [
    path("", export.export_page, name="export"),
    path("download/", export.download, name="download"),
    path("schema/<str:name>", export.schema_file, name="schema"),
    path("sessions/", sessions.sessions, name="sessions"),
    path("sessions/<int:session_id>/correct/", sessions.correct, name="correct"),
    path("periods/", periods.periods, name="periods"),
    path("periods/<int:period_id>/reopen/", periods.reopen, name="reopen"),
]
