"""The form of a report schedule on the reports pages; the model's rules (rules.py) do the checking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from callcenter.pbx.models import Queue
from callcenter.stats import exports
from callcenter.stats.schedules.models import ReportSchedule


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


class ReportScheduleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Report"))
    fmt = forms.ChoiceField(label=_("Format"))
    queues = forms.MultipleChoiceField(
        label=_("Queues"), required=False, help_text=_("None chosen: every queue you may see.")
    )
    agents = forms.CharField(
        label=_("Agents"), required=False, max_length=2000, help_text=_("Member names, separated by commas.")
    )
    frequency = forms.ChoiceField(label=_("Frequency"), choices=ReportSchedule.Frequency.choices)
    weekday = forms.TypedChoiceField(
        label=_("Day of the week (weekly)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *ReportSchedule.Weekday.choices],
    )
    day_of_month = forms.IntegerField(
        label=_("Day of the month (monthly)"),
        required=False,
        min_value=1,
        max_value=31,
        help_text=_("Past the end of a month: its last day."),
    )
    time_of_day = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    tz = forms.CharField(label=_("Time zone"), max_length=64, help_text=_("IANA name, e.g. Europe/Moscow."))
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E-mail addresses, separated by commas; none: your own address."),
    )
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)

    def __init__(self, user: Any, instance: ReportSchedule | None = None, data: Any = None) -> None:
        initial: dict[str, Any] = {"tz": settings.TIME_ZONE, "enabled": True, "fmt": "xlsx"}
        if instance is not None and instance.pk:
            initial = {
                "name": instance.name,
                "kind": instance.kind,
                "fmt": instance.fmt,
                "queues": instance.queues,
                "agents": ", ".join(instance.agents),
                "frequency": instance.frequency,
                "weekday": instance.weekday,
                "day_of_month": instance.day_of_month,
                "time_of_day": instance.time_of_day,
                "tz": instance.tz,
                "recipients": ", ".join(instance.recipients),
                "enabled": instance.enabled,
            }
        super().__init__(data, initial=initial)
        self.user = user
        self.instance = instance or ReportSchedule(owner=user)
        kind: Any = self.fields["kind"]
        kind.choices = [(key, _(label)) for key, label in exports.KINDS.items()]
        fmt: Any = self.fields["fmt"]
        fmt.choices = [(key, key.upper()) for key in exports.FORMATS]
        names = set(Queue.objects.visible_to(user).values_list("name", flat=True)) | set(self.instance.queues)
        queues: Any = self.fields["queues"]
        queues.choices = [(name, name) for name in sorted(names)]

    def apply(self) -> ReportSchedule:
        """The schedule with the form's values (call after is_valid)."""
        data = self.cleaned_data
        schedule = self.instance
        schedule.name = data["name"]
        schedule.kind = data["kind"]
        schedule.fmt = data["fmt"]
        schedule.queues = list(data["queues"])
        schedule.agents = _split(data["agents"])
        schedule.frequency = data["frequency"]
        schedule.weekday = data["weekday"]
        schedule.day_of_month = data["day_of_month"]
        schedule.time_of_day = data["time_of_day"]
        schedule.tz = data["tz"].strip()
        schedule.recipients = _split(data["recipients"])
        schedule.enabled = data["enabled"]
        return schedule

    def add_model_errors(self, exc: ValidationError) -> None:
        """Put the model's validation errors on the fields they name (the rest above the form)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.message_dict.items():
            self.add_error(field if field in self.fields else None, errors)
