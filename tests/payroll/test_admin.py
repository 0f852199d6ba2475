"""Payroll records are visible in the admin but only written through the audited payroll actions."""

from __future__ import annotations

import pytest
from django.test import Client

from callcenter.accounts.models import User

pytestmark = pytest.mark.django_db


def test_admin_lists_but_cannot_add(client: Client, admin_user: User) -> None:
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get("/admin/payroll/sessioncorrection/").status_code == 200
    assert client.get("/admin/payroll/closedperiod/").status_code == 200
    assert client.get("/admin/payroll/closedperiod/add/").status_code == 403
