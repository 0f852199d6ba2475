"""The admin form of an object holding a secret (an AMI secret, a trunk's password)."""

from __future__ import annotations

from typing import TypeVar

from django import forms
from django.db import models
from django.forms import modelform_factory

_ModelT = TypeVar("_ModelT", bound=models.Model)


def kept_secret_form(model: type[_ModelT], secret: str) -> type[forms.ModelForm[_ModelT]]:
    """Every editable field of ``model``, ``secret`` in a password box that keeps the stored value: a save
    without retyping it leaves it as it is."""
    field = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    with_secret: type[forms.ModelForm[_ModelT]] = type(
        f"{model.__name__}Form", (forms.ModelForm,), {secret: field}
    )
    return modelform_factory(model, form=with_secret, fields=forms.ALL_FIELDS)
