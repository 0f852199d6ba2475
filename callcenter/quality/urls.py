"""URLs of the recordings and QA pages (included at /quality/)."""

from django.urls import path

from callcenter.quality import views

app_name = "quality"
urlpatterns = [
    path("recordings/", views.recordings, name="recordings"),
    path("recordings/<int:pk>/", views.recording, name="recording"),
    path("recordings/<int:pk>/file", views.recording_file, name="file"),
    path("recordings/<int:pk>/evaluate/", views.start_evaluation, name="start_evaluation"),
    path("evaluations/", views.evaluations, name="evaluations"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    path("evaluations/<int:pk>/save/", views.save_evaluation, name="save_evaluation"),
    path("forms/", views.forms_list, name="forms"),
    path("forms/<int:pk>/", views.form_detail, name="form"),
]
