"""The agent-import upload form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AgentImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("Columns: payroll_number,name,extension,member_name,team")
    )
