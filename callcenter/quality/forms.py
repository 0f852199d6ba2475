"""The recordings search (the page and the API take the same parameters) and the QA form editors."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from callcenter.core.validators import validate_date_in_range
from callcenter.quality.models import EvaluationForm, FormSection, Question, Recording
from callcenter.quality.querysets import RecordingQuerySet
from callcenter.stats.models import Call

MAX_DURATION_S = 7 * 24 * 3600
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordingSearchForm(forms.Form):
    """Search by date, queue, agent, caller number, outcome, survey score, duration and file status."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=_DATE, validators=[validate_date_in_range]
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=_DATE, validators=[validate_date_in_range]
    )
    tz = forms.CharField(label=_("Time zone"), required=False, max_length=64)
    queue = forms.CharField(label=_("Queue"), required=False, max_length=128)
    agent = forms.CharField(label=_("Agent"), required=False, max_length=128, help_text=_("The member name."))
    caller = forms.CharField(
        label=_("Caller"),
        required=False,
        max_length=21,
        validators=[RegexValidator(r"^\+?[0-9]*$", _("Digits, with an optional leading +."))],
        help_text=_("The number, or a part of it."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("any"))] + [(value, label) for value, label in Call.Outcome.choices if value],
    )
    survey_min = forms.IntegerField(label=_("Survey from"), required=False, min_value=1, max_value=5)
    survey_max = forms.IntegerField(label=_("Survey to"), required=False, min_value=1, max_value=5)
    duration_min = forms.IntegerField(
        label=_("Duration from (s)"), required=False, min_value=0, max_value=MAX_DURATION_S
    )
    duration_max = forms.IntegerField(
        label=_("Duration to (s)"), required=False, min_value=0, max_value=MAX_DURATION_S
    )
    status = forms.ChoiceField(
        label=_("File"), required=False, choices=[("", _("any")), *Recording.Status.choices]
    )

    def clean_tz(self) -> str:
        value = str(self.cleaned_data.get("tz") or "").strip() or str(settings.TIME_ZONE)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(_("Unknown time zone.")) from None
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pairs = (("date_from", "date_to"), ("survey_min", "survey_max"), ("duration_min", "duration_max"))
        for low, high in pairs:
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, _("Must not be before “from”."))
        return data

    def apply(self, recordings: RecordingQuerySet) -> RecordingQuerySet:
        """The recordings matching the cleaned parameters (``recordings`` annotated by ``with_call()``)."""
        data = self.cleaned_data
        zone = ZoneInfo(data.get("tz") or str(settings.TIME_ZONE))
        if data.get("date_from"):
            recordings = recordings.filter(started_at__gte=datetime.combine(data["date_from"], time(0), zone))
        if data.get("date_to"):
            end = datetime.combine(data["date_to"] + timedelta(days=1), time(0), zone)
            recordings = recordings.filter(started_at__lt=end)
        if data.get("queue"):
            recordings = recordings.filter(queue=data["queue"])
        if data.get("agent"):
            recordings = recordings.filter(agent=data["agent"])
        if data.get("caller"):
            recordings = recordings.filter(caller__contains=data["caller"])
        if data.get("outcome"):
            recordings = recordings.filter(**{"call_outcome": data["outcome"]})
        if data.get("survey_min") is not None:
            recordings = recordings.filter(**{"call_survey__gte": data["survey_min"]})
        if data.get("survey_max") is not None:
            recordings = recordings.filter(**{"call_survey__lte": data["survey_max"]})
        if data.get("duration_min") is not None:
            recordings = recordings.filter(duration_s__gte=data["duration_min"])
        if data.get("duration_max") is not None:
            recordings = recordings.filter(duration_s__lte=data["duration_max"])
        if data.get("status"):
            recordings = recordings.filter(status=data["status"])
        return recordings


class EvaluationFormForm(forms.ModelForm[EvaluationForm]):
    class Meta:
        model = EvaluationForm
        fields = ["name", "description", "active"]


class SectionForm(forms.ModelForm[FormSection]):
    class Meta:
        model = FormSection
        fields = ["title", "position"]


class QuestionForm(forms.ModelForm[Question]):
    class Meta:
        model = Question
        fields = ["section", "text", "kind", "weight", "fatal", "position"]

    def __init__(self, form: EvaluationForm, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section_field: Any = self.fields["section"]
        section_field.queryset = FormSection.objects.filter(form=form)
