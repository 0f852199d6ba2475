"""API query parameters checked by a Django form: invalid ones answer 400 with the form's errors."""

from __future__ import annotations

from typing import TypeVar

from django import forms
from rest_framework.exceptions import ValidationError

FormT = TypeVar("FormT", bound=forms.BaseForm)


def checked(form: FormT) -> FormT:
    """``form`` once its bound data passed; a ValidationError (400) with its errors as JSON otherwise."""
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form
