"""URLs of the recordings and QA pages (included at /quality/)."""

from django.urls import path

from callcenter.quality.views import evaluations, forms, recordings

app_name = "quality"
urlpatterns = [
    path("recordings/", recordings.recordings, name="recordings"),
    path("recordings/<int:pk>/", recordings.recording, name="recording"),
    path("recordings/<int:pk>/file", recordings.recording_file, name="file"),
    path("recordings/<int:pk>/evaluate/", evaluations.start_evaluation, name="start_evaluation"),
    path("evaluations/", evaluations.evaluations, name="evaluations"),
    path("evaluations/<int:pk>/", evaluations.evaluation, name="evaluation"),
    path("evaluations/<int:pk>/save/", evaluations.save_evaluation, name="save_evaluation"),
    path("forms/", forms.forms_list, name="forms"),
    path("forms/<int:pk>/", forms.form_detail, name="form"),
]
