"""The CRM contact-import upload form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ContactImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("Columns: phone,name and, if wanted, company,notes,tier")
    )
