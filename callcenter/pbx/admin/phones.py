"""Admin of the desk phones' SIP passwords (write-only)."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from callcenter.core.admin import ActionsModelAdmin
from callcenter.pbx import actions
from callcenter.pbx.models import PhoneAccount


class PhoneAccountForm(forms.ModelForm[PhoneAccount]):
    secret = forms.CharField(widget=forms.PasswordInput(render_value=False), required=True)

    class Meta:
        model = PhoneAccount
        fields = ["extension", "secret"]


@admin.register(PhoneAccount)
class PhoneAccountAdmin(ActionsModelAdmin[PhoneAccount]):
    """SIP passwords of desk phones; the password is write-only here."""

    actions_module = actions
    form = PhoneAccountForm
    list_display = ["extension", "updated_at"]
    search_fields = ["extension"]
