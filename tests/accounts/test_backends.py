"""The lockout backend checks sign-ins over HTTP and never signs anybody in itself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.test import RequestFactory
from pytest_django import Settings

from callcenter.accounts.backends import SignInLockoutBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _lockout_settings(settings: Settings) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


def _request(address: str = "10.0.0.7") -> Any:
    request: Any = RequestFactory().post("/accounts/login/", REMOTE_ADDR=address)
    request.axes_ip_address = address
    request.axes_user_agent = "test"
    request.axes_path_info = "/accounts/login/"
    request.axes_http_accept = "*/*"
    request.axes_attempt_time = None
    return request


def test_the_backend_signs_nobody_in_even_with_the_right_password(settings: Settings) -> None:
    UserFactory.create(username="bob")
    settings.AUTHENTICATION_BACKENDS = [f"{SignInLockoutBackend.__module__}.{SignInLockoutBackend.__name__}"]
    assert authenticate(_request(), username="bob", password=PASSWORD) is None


def test_without_a_request_the_backend_leaves_the_sign_in_to_the_next_one() -> None:
    bob = UserFactory.create(username="bob")
    assert authenticate(None, username="bob", password=PASSWORD) == bob


def test_a_sign_in_over_http_passes_through_to_the_password_check() -> None:
    bob = UserFactory.create(username="bob")
    assert authenticate(_request(), username="bob", password=PASSWORD) == bob


def test_a_locked_out_name_and_address_get_no_user_with_the_right_password() -> None:
    UserFactory.create(username="bob")
    AccessAttempt.objects.create(
        username="bob", ip_address="10.0.0.7", user_agent="test", failures_since_start=3
    )
    assert authenticate(_request(), username="bob", password=PASSWORD) is None


def test_the_lockout_of_one_address_leaves_another_address_alone() -> None:
    bob = UserFactory.create(username="bob")
    AccessAttempt.objects.create(
        username="bob", ip_address="10.0.0.7", user_agent="test", failures_since_start=3
    )
    assert authenticate(_request("10.0.0.8"), username="bob", password=PASSWORD) == bob
