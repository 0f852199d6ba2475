"""Forms of the dialer pages: list upload with column mapping, and the agent's disposition."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from callcenter.core.validators import validate_date_in_range
from callcenter.dialer.models import AgentDisposition


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Contact list (CSV or XLSX)"))
    list_name = forms.CharField(label=_("List name"), max_length=120, required=False)


class MappingForm(forms.Form):
    """Which column holds the phone, the name and the time zone; every other column becomes a custom field."""

    phone = forms.ChoiceField(label=_("Phone column"))
    name = forms.ChoiceField(label=_("Name column"), required=False)
    tz = forms.ChoiceField(label=_("Time-zone column"), required=False)

    def __init__(self, *args: Any, columns: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(column, column) for column in columns]
        self.fields["phone"].choices = choices  # type: ignore[attr-defined]
        for name in ("name", "tz"):
            self.fields[name].choices = [("", _("(none)")), *choices]  # type: ignore[attr-defined]

    def mapping(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if value}


class DispositionForm(forms.Form):
    code = forms.ChoiceField(label=_("Disposition"), choices=AgentDisposition.Code.choices)
    callback_at = forms.DateTimeField(
        label=_("Call back at"),
        required=False,
        validators=[validate_date_in_range],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
