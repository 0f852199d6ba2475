"""``role_required``: a page opens to signed-in people of its roles only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from callcenter.accounts.models import Role, User
from callcenter.core.page_roles import role_required
from tests.harness import personas

pytestmark = pytest.mark.django_db


@role_required(Role.ADMIN, Role.PAYROLL)
def _payroll_page(request: HttpRequest, period: str) -> HttpResponse:
    return HttpResponse(f"period {period}")


def _open(user: User | AnonymousUser) -> HttpResponse:
    request = RequestFactory().get("/payroll/2026-11/")
    request.user = user
    response = _payroll_page(request, period="2026-11")
    assert isinstance(response, HttpResponse)
    return response


@pytest.mark.parametrize("make", [personas.admin, personas.payroll], ids=["admin", "payroll"])
def test_a_person_of_one_of_the_roles_gets_the_page(make: Callable[[], User]) -> None:
    response = _open(make())
    assert response.status_code == 200
    assert response.content == b"period 2026-11"


@pytest.mark.parametrize(
    "make",
    [personas.manager, personas.supervisor, personas.agent_user],
    ids=["manager", "supervisor", "agent"],
)
def test_a_person_of_another_role_is_refused(make: Callable[[], User]) -> None:
    with pytest.raises(PermissionDenied):
        _open(make())


def test_an_inactive_person_of_the_role_is_refused() -> None:
    with pytest.raises(PermissionDenied):
        _open(personas.admin("ada", is_active=False))


def test_an_anonymous_visitor_goes_to_the_sign_in_page_and_back() -> None:
    response = _open(AnonymousUser())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/payroll/2026-11/"


def test_the_view_keeps_its_name() -> None:
    assert _payroll_page.__name__ == "_payroll_page"
