"""Sign-in lockout: N failed sign-ins of one user name from one address lock that pair out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from callcenter.accounts.models import User
from tests.harness import personas
from tests.harness.sign_in import LIMIT, PASSWORD, WRONG_PASSWORD, fail, sign_in, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lockout")]


def test_fewer_failures_than_the_limit_do_not_lock_out(client: Client, bob: User) -> None:
    assert fail(client, LIMIT - 1).status_code == 200
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_failure_at_the_limit_locks_out(client: Client, bob: User) -> None:
    fail(client, LIMIT - 1)
    response = sign_in(client, WRONG_PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


def test_a_locked_out_user_is_refused_with_the_right_password(client: Client, bob: User) -> None:
    fail(client, LIMIT)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_page_says_how_long_it_lasts(client: Client, bob: User) -> None:
    response = fail(client, LIMIT)
    assert "Try again in 30 minutes" in response.content.decode()
    assert response["Retry-After"] == "1800"


def test_the_lockout_page_is_in_russian_for_a_russian_browser(client: Client, bob: User) -> None:
    response = fail(client, LIMIT, HTTP_ACCEPT_LANGUAGE="ru")
    assert "Слишком много неудачных попыток входа" in response.content.decode()


def test_another_address_is_not_locked_out(client: Client, bob: User) -> None:
    fail(client, LIMIT, address="10.0.0.7")
    assert sign_in(client, PASSWORD, address="10.0.0.8").status_code == 302


def test_another_user_name_from_the_same_address_is_not_locked_out(client: Client, bob: User) -> None:
    personas.supervisor("carol")
    fail(client, LIMIT, username="bob")
    assert sign_in(client, PASSWORD, username="carol").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client: Client, bob: User) -> None:
    fail(client, LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_lockout_holds_until_the_cool_off_ends(client: Client, bob: User) -> None:
    fail(client, LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
    assert sign_in(client, PASSWORD).status_code == 429


def test_without_a_cool_off_the_lockout_holds_until_lifted(
    client: Client, bob: User, settings: Settings
) -> None:
    settings.AXES_COOLOFF_TIME = None
    fail(client, LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(days=30))
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Ask an administrator to lift the lockout" in response.content.decode()


def test_a_successful_sign_in_forgets_earlier_failures(client: Client, bob: User) -> None:
    fail(client, LIMIT - 1)
    sign_in(client, PASSWORD)
    client.logout()
    assert fail(client, LIMIT - 1).status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_an_admin_lifts_the_lockout_in_the_admin(client: Client, bob: User, admin_client: Client) -> None:
    fail(client, LIMIT)
    response = admin_client.post(
        "/admin/accounts/user/", {"action": "lift_lockout", "_selected_action": [bob.pk]}, follow=True
    )
    assert "Sign-in lockout lifted for 1 user." in response.content.decode()
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_reset_command_lifts_the_lockout(client: Client, bob: User) -> None:
    fail(client, LIMIT)
    call_command("axes_reset_username", "bob")
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_admin_sign_in_is_locked_out_too(client: Client, admin_user: Any) -> None:
    for _ in range(LIMIT):
        response = client.post(
            "/admin/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="10.0.0.9"
        )
    assert response.status_code == 429
    response = client.post(
        "/admin/login/", {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert not signed_in(client)


def test_force_login_ignores_the_lockout(client: Client, bob: User) -> None:
    fail(client, LIMIT)
    client.force_login(bob)
    assert client.get("/").status_code == 200


def test_the_test_clients_login_without_a_request_still_works(client: Client, bob: User) -> None:
    assert client.login(username="bob", password=PASSWORD)


def test_an_overlong_user_name_is_refused_and_counted(client: Client) -> None:
    name = "m" * 500
    assert fail(client, LIMIT - 1, username=name).status_code == 200
    assert sign_in(client, WRONG_PASSWORD, username=name).status_code == 429


@pytest.mark.django_db(transaction=True)
async def test_the_lockout_answers_under_asgi_too(async_client: Any) -> None:
    # uvicorn serves the site through the ASGI handler, where axes' middleware runs asynchronously.
    await sync_to_async(personas.supervisor)("dave")
    for _ in range(LIMIT):
        response = await async_client.post(
            "/accounts/login/", {"username": "dave", "password": "wrong-password"}, REMOTE_ADDR="10.0.0.7"
        )
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
