"""The API and sign-in lockout: API clients get JSON, and no password opens the API around the lockout."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from pytest_django import Settings

from callcenter.accounts.models import Role
from tests.factories import UserFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LIMIT = 3


@pytest.fixture(autouse=True)
def _lockout_settings(settings: Settings) -> None:
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


@pytest.fixture
def root(db: None) -> Any:
    return UserFactory(username="root", role=Role.ADMIN, is_staff=True)


def sign_in(client: Client, password: str, **extra: Any) -> _MonkeyPatchedWSGIResponse:
    return client.post(
        "/accounts/login/",
        {"username": "root", "password": password},
        REMOTE_ADDR="10.0.0.7",
        HTTP_ACCEPT="application/json",
        **extra,
    )


def lock_out(client: Client, **extra: Any) -> Any:
    response = None
    for _ in range(LIMIT):
        response = sign_in(client, "wrong-password", **extra)
    return response


def test_an_api_client_is_told_of_the_lockout_in_json(client: Client, root: Any) -> None:
    response = lock_out(client)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "locked_out"
    assert body["retry_after_seconds"] == 1800
    assert body["detail"].startswith("Too many failed sign-ins")


def test_the_json_lockout_is_in_russian_for_a_russian_client(client: Client, root: Any) -> None:
    response = lock_out(client, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.json()["detail"].startswith("Слишком много неудачных попыток входа")


def test_a_locked_out_user_gets_no_api_session_with_the_right_password(client: Client, root: Any) -> None:
    lock_out(client)
    assert sign_in(client, PASSWORD).status_code == 429
    assert client.get("/api/users/").status_code == 403


def test_the_api_takes_no_password_that_could_bypass_the_lockout(client: Client, root: Any) -> None:
    # Only the session (from the protected sign-in) and admin-issued tokens authenticate API requests.
    assert django_settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] == [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ]
    basic = base64.b64encode(f"root:{PASSWORD}".encode()).decode()
    response = client.get("/api/users/", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code in {401, 403}
