"""Rows only the application writes are shown to administrators in the admin, and never edited there."""

from __future__ import annotations

import pytest
from django.test import Client

from callcenter.accounts.models import User
from tests.harness import personas

pytestmark = pytest.mark.django_db

# One read-only page of each app that has them: the dialer's leads, payroll's corrections, the loader's
# quarantine and the recordings.
PAGES = [
    "/admin/dialer/lead/",
    "/admin/payroll/sessioncorrection/",
    "/admin/stats/quarantinedline/",
    "/admin/quality/recording/",
]


@pytest.mark.parametrize("page", PAGES)
def test_an_administrator_sees_the_list_without_model_permissions(admin_user: User, page: str) -> None:
    assert personas.web_client(admin_user).get(page).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_nobody_adds_there(admin_user: User, page: str) -> None:
    assert personas.web_client(admin_user).get(page + "add/").status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_a_manager_is_refused(page: str) -> None:
    assert personas.web_client(personas.manager(is_staff=True)).get(page).status_code == 403


# Histories that only the application writes, shown with Django's model permissions alone.
HISTORIES = ["/admin/pbx/configapply/", "/admin/pbx/groupapply/"]


@pytest.mark.parametrize("page", HISTORIES)
def test_a_superuser_reads_a_history(admin_client: Client, page: str) -> None:
    assert admin_client.get(page).status_code == 200


@pytest.mark.parametrize("page", HISTORIES)
def test_nobody_adds_to_a_history(admin_client: Client, page: str) -> None:
    assert admin_client.get(page + "add/").status_code == 403
