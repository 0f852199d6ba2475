"""The API and sign-in lockout: API clients get JSON, and no password opens the API around the lockout."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from callcenter.accounts.models import User
from tests.harness import personas
from tests.harness.sign_in import LIMIT, PASSWORD, fail, sign_in

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lockout")]

# What an API client sends with the sign-in form: root's name, asking for JSON.
AS_API_CLIENT: dict[str, Any] = {"username": "root", "HTTP_ACCEPT": "application/json"}


@pytest.fixture
def root(db: None) -> User:
    return personas.admin("root")


def lock_out(client: Client, **extra: Any) -> _MonkeyPatchedWSGIResponse:
    return fail(client, LIMIT, **AS_API_CLIENT, **extra)


def test_an_api_client_is_told_of_the_lockout_in_json(client: Client, root: User) -> None:
    response = lock_out(client)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "locked_out"
    assert body["retry_after_seconds"] == 1800
    assert body["detail"].startswith("Too many failed sign-ins")


def test_the_json_lockout_is_in_russian_for_a_russian_client(client: Client, root: User) -> None:
    response = lock_out(client, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.json()["detail"].startswith("Слишком много неудачных попыток входа")


def test_a_locked_out_user_gets_no_api_session_with_the_right_password(client: Client, root: User) -> None:
    lock_out(client)
    assert sign_in(client, PASSWORD, **AS_API_CLIENT).status_code == 429
    assert client.get("/api/users/").status_code == 403


def test_the_api_takes_no_password_that_could_bypass_the_lockout(client: Client, root: User) -> None:
    # Only the session (from the protected sign-in) and admin-issued tokens authenticate API requests.
    assert django_settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] == [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ]
    basic = base64.b64encode(f"root:{PASSWORD}".encode()).decode()
    response = client.get("/api/users/", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code in {401, 403}
