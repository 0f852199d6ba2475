"""Forms of the payroll pages: the export filter, a session correction, closing and re-opening a period."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callcenter.core.forms import DateRangeForm, datetime_field
from callcenter.pbx.models import Schedule


def _last_month() -> tuple[dt.date, dt.date]:
    first_of_this = timezone.localdate().replace(day=1)
    last_of_previous = first_of_this - dt.timedelta(days=1)
    return last_of_previous.replace(day=1), last_of_previous


class ExportForm(DateRangeForm):
    """The period, time zone and holiday schedule of an export (GET parameters, same as the command's)."""

    tz = forms.CharField(label=_("Time zone"), max_length=64, required=False)
    schedule = forms.ModelChoiceField(
        label=_("Holiday schedule"),
        queryset=Schedule.objects.all(),
        to_field_name="name",
        required=False,
        empty_label=_("(default)"),
    )

    @classmethod
    def initial_values(cls) -> dict[str, Any]:
        date_from, date_to = _last_month()
        return {"date_from": date_from, "date_to": date_to, "tz": settings.TIME_ZONE}

    def clean_tz(self) -> str:
        value: str = self.cleaned_data.get("tz") or settings.TIME_ZONE
        if value not in available_timezones():
            raise forms.ValidationError(_("Unknown time zone."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_to < date_from:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (date_to - date_from).days > 366:
                raise forms.ValidationError(_("The period is longer than a year."))
        return data


class CorrectionForm(forms.Form):
    """Corrected times of one session, in the center's time zone, with the reason."""

    started_at = datetime_field(_("Start"))
    ended_at = datetime_field(_("End"))
    reason = forms.CharField(
        label=_("Reason"), max_length=200, widget=forms.TextInput(attrs={"placeholder": _("Reason")})
    )


class ClosePeriodForm(ExportForm):
    """The period to close, with the time zone and holiday schedule its frozen export is built with."""


class ReopenForm(forms.Form):
    """Why a closed period is re-opened."""

    reason = forms.CharField(label=_("Reason"), max_length=200)
