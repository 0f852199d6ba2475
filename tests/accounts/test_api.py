"""The users API and model: a supervisor's own phone extension is an extension and nothing else."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from callcenter.accounts.models import Role, User
from tests.harness import personas

pytestmark = pytest.mark.django_db

HOSTILE = ["\n", "2001\n", "${EVIL}", "$[1+1]", "20;01", "PJSIP/2001"]


@pytest.mark.parametrize("value", HOSTILE)
def test_patch_refuses_a_phone_extension_that_is_not_digits(admin_api: APIClient, value: str) -> None:
    sam = personas.supervisor("sam", phone_extension="2001")
    response = admin_api.patch(f"/api/users/{sam.pk}/", {"phone_extension": value}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["phone_extension"]
    assert "allowed: digits, '*' and '#'" in response.json()["phone_extension"][0]
    sam.refresh_from_db()
    assert sam.phone_extension == "2001"


@pytest.mark.parametrize(
    ("value", "named"),
    [("\n", "newline"), ("${EVIL}", "${"), ("$[1+1]", "$[")],
    ids=["newline", "var", "expr"],
)
def test_the_refusal_names_the_forbidden_sequence(admin_api: APIClient, value: str, named: str) -> None:
    sam = personas.supervisor("sam")
    response = admin_api.patch(f"/api/users/{sam.pk}/", {"phone_extension": value}, format="json")
    assert f"contains the forbidden character {named};" in response.json()["phone_extension"][0]


@pytest.mark.parametrize("value", HOSTILE)
def test_the_model_refuses_a_phone_extension_that_is_not_digits(value: str) -> None:
    user = User(username="sam", role=Role.SUPERVISOR, phone_extension=value)
    user.set_unusable_password()
    with pytest.raises(ValidationError) as caught:
        user.full_clean()
    assert list(caught.value.message_dict) == ["phone_extension"]


def test_patch_accepts_a_phone_extension_of_digits(admin_api: APIClient) -> None:
    sam = personas.supervisor("sam")
    response = admin_api.patch(f"/api/users/{sam.pk}/", {"phone_extension": "2001"}, format="json")
    assert response.status_code == 200
    sam.refresh_from_db()
    assert sam.phone_extension == "2001"


def test_patch_accepts_an_empty_phone_extension(admin_api: APIClient) -> None:
    sam = personas.supervisor("sam", phone_extension="2001")
    response = admin_api.patch(f"/api/users/{sam.pk}/", {"phone_extension": ""}, format="json")
    assert response.status_code == 200
    sam.refresh_from_db()
    assert sam.phone_extension == ""
