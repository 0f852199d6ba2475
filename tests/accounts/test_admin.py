"""The users' admin: roles listed and filtered, the call-center fields validated, lockouts lifted in bulk."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

from callcenter.accounts.models import Role
from tests.harness import personas

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_role(admin_client: Client) -> None:
    personas.supervisor("sam")
    personas.agent_user("ivan")
    page = admin_client.get("/admin/accounts/user/", {"role__exact": Role.SUPERVISOR}).content.decode()
    assert ">sam<" in page
    assert ">ivan<" not in page


def test_the_change_form_has_the_call_center_fields(admin_client: Client) -> None:
    sam = personas.supervisor("sam")
    page = admin_client.get(f"/admin/accounts/user/{sam.pk}/change/").content.decode()
    for name in ("role", "language", "phone_extension"):
        assert f'name="{name}"' in page


def test_a_hostile_phone_extension_is_refused_in_the_admin(admin_client: Client) -> None:
    sam = personas.supervisor("sam", phone_extension="2001")
    form = {
        "username": "sam",
        "role": Role.SUPERVISOR,
        "language": "ru",
        "phone_extension": "2001;Hangup()",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    response = admin_client.post(f"/admin/accounts/user/{sam.pk}/change/", form)
    assert response.status_code == 200  # the form again, with the error
    assert "forbidden character ;" in response.content.decode()
    sam.refresh_from_db()
    assert sam.phone_extension == "2001"


def test_lifting_the_lockout_of_several_users_says_how_many(admin_client: Client) -> None:
    users = [personas.agent_user(name) for name in ("bob", "eve")]
    for user in users:
        AccessAttempt.objects.create(
            username=user.username, ip_address="10.0.0.7", user_agent="test", failures_since_start=5
        )
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "lift_lockout", "_selected_action": [user.pk for user in users]},
        follow=True,
    )
    assert "Sign-in lockout lifted for 2 users." in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_a_staff_member_without_permissions_cannot_open_the_users(db: None) -> None:
    client = personas.web_client(personas.manager(is_staff=True))
    assert client.get("/admin/accounts/user/").status_code == 403
