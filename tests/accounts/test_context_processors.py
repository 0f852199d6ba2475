"""Every template knows the signed-in person's role, for the navigation."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from callcenter.accounts.context_processors import role
from callcenter.accounts.models import Role
from tests.harness import personas

pytestmark = pytest.mark.django_db


def test_templates_get_the_signed_in_users_role() -> None:
    request = RequestFactory().get("/")
    request.user = personas.supervisor()
    assert role(request) == {"user_role": Role.SUPERVISOR}


def test_templates_get_no_role_for_a_request_without_a_user() -> None:
    assert role(RequestFactory().get("/")) == {"user_role": None}
