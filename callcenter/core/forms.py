"""Form fields every app's filters share: a calendar date or date-time picker, and a from/to date range."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from callcenter.core.validators import validate_date_in_range


def date_field(label: StrOrPromise) -> forms.DateField:
    """A required date with the browser's date picker, checked to be within the supported years."""
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_date_in_range],
    )


def datetime_field(label: StrOrPromise) -> forms.DateTimeField:
    """A required local date and time with the browser's picker, checked to be within the supported years."""
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M:%S"),
        validators=[validate_date_in_range],
    )


class DateRangeForm(forms.Form):
    """The ``date_from`` and ``date_to`` of a period; subclasses check the range their own way."""

    date_from = date_field(_("From"))
    date_to = date_field(_("To"))
