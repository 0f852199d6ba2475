"""URLs of the payroll app (included at /payroll/)."""

from django.urls import path

from callcenter.payroll import views

app_name = "payroll"
urlpatterns = [
    path("", views.export_page, name="export"),
    path("download/", views.download, name="download"),
    path("schema/<str:name>", views.schema_file, name="schema"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:session_id>/correct/", views.correct, name="correct"),
    path("periods/", views.periods, name="periods"),
    path("periods/<int:period_id>/reopen/", views.reopen, name="reopen"),
]
