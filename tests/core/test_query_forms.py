"""``checked``: query parameters a form refuses answer 400 with the form's messages."""

from __future__ import annotations

import pytest
from django import forms
from rest_framework.exceptions import ValidationError

from callcenter.core.query_forms import checked


class _PageForm(forms.Form):
    page = forms.IntegerField(min_value=1)
    size = forms.IntegerField(required=False, max_value=100)


def test_valid_parameters_give_the_form_back_cleaned() -> None:
    form = _PageForm({"page": "2"})
    assert checked(form) is form
    assert form.cleaned_data["page"] == 2


def test_an_unbound_form_is_given_back_unchecked() -> None:
    form = _PageForm()
    assert checked(form) is form
    assert not form.is_bound


def test_a_bad_parameter_answers_400_with_the_fields_message() -> None:
    with pytest.raises(ValidationError) as refused:
        checked(_PageForm({"page": "0", "size": "500"}))
    assert refused.value.status_code == 400
    assert refused.value.detail == {
        "page": [{"message": "Ensure this value is greater than or equal to 1.", "code": "min_value"}],
        "size": [{"message": "Ensure this value is less than or equal to 100.", "code": "max_value"}],
    }


def test_a_missing_required_parameter_answers_400() -> None:
    with pytest.raises(ValidationError) as refused:
        checked(_PageForm({}))
    assert refused.value.detail == {"page": [{"message": "This field is required.", "code": "required"}]}
