"""The report filter every statistics page and download takes: period, time zone, queues, agents, SL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callcenter.core.forms import DateRangeForm
from callcenter.pbx.models import Queue
from callcenter.stats.querysets import visible_queue_names
from callcenter.stats.reports import ReportFilter

MAX_DAYS = 366


FILTER_FIELDS = ("date_from", "date_to", "tz", "queues", "agents", "sl")


def _with_period(data: Any, today: date) -> Any:
    """No filter parameter at all: not submitted (today's default report). Parameters without a period: checked
    as given, for today, so a bad time zone or a queue the user may not see is refused, never ignored."""
    if data is None or not any(key in data for key in FILTER_FIELDS):
        return None
    if any(key in data for key in ("date_from", "date_to")):
        return data
    filled = data.copy()
    filled["date_from"] = filled["date_to"] = today.isoformat()
    filled.setdefault("tz", str(settings.TIME_ZONE))
    return filled


class ReportFilterForm(DateRangeForm):
    """Validated report parameters; the queue choices are the ones the user may see."""

    tz = forms.CharField(label=_("Time zone"), max_length=64)
    queues = forms.MultipleChoiceField(label=_("Queues"), required=False)
    agents = forms.CharField(
        label=_("Agents"), required=False, max_length=2000, help_text=_("Member names, separated by commas.")
    )
    sl = forms.CharField(label=_("Service levels (s)"), required=False, max_length=100, initial="20,30,60")

    def __init__(self, user: Any, data: Any = None) -> None:
        today = timezone.localdate()
        initial = {"date_from": today, "date_to": today, "tz": settings.TIME_ZONE, "sl": "20,30,60"}
        data = _with_period(data, today)
        super().__init__(data, initial=initial)
        self.user = user
        names = visible_queue_names(user)
        configured = list(Queue.objects.visible_to(user).values_list("name", flat=True))
        if names is None and data is not None and hasattr(data, "getlist"):
            # Managers may also filter on queue names that are in queue_log but not configured.
            # A name that is not printable (a NUL, a control character) is no queue_log queue: not a choice.
            asked = {name for name in data.getlist("queues") if name and name.isprintable()}
            configured = sorted(set(configured) | asked)
        queue_field: Any = self.fields["queues"]
        queue_field.choices = [(name, name) for name in configured]

    def clean_tz(self) -> str:
        value = str(self.cleaned_data["tz"]).strip()
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(_("Unknown time zone.")) from None
        return value

    def clean_sl(self) -> list[int]:
        text = str(self.cleaned_data.get("sl") or "")
        try:
            values = sorted({int(part) for part in text.split(",") if part.strip()})
        except ValueError:
            raise forms.ValidationError(_("Whole seconds separated by commas.")) from None
        if any(value < 0 or value > 3600 for value in values):
            raise forms.ValidationError(_("Between 0 and 3600 seconds."))
        return values

    def clean_agents(self) -> list[str]:
        return [
            name.strip() for name in str(self.cleaned_data.get("agents") or "").split(",") if name.strip()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", _("The end is before the start."))
            elif end - start > timedelta(days=MAX_DAYS):
                self.add_error("date_to", _("At most a year at a time."))
        return data

    def report_filter(self) -> ReportFilter:
        """The filter from valid data, or today's default when the form was not submitted."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return ReportFilter(
                date_from=data["date_from"],
                date_to=data["date_to"],
                tz=data["tz"],
                queues=list(data["queues"]),
                agents=data["agents"],
                sl=data["sl"],
                visible_queues=visible_queue_names(self.user),
            )
        today = timezone.localdate()
        return ReportFilter(
            date_from=today,
            date_to=today,
            tz=str(settings.TIME_ZONE),
            sl=[20, 30, 60],
            visible_queues=visible_queue_names(self.user),
        )
