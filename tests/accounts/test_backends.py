"""The lockout backend checks sign-ins over HTTP and never signs anybody in itself."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.test import RequestFactory
from pytest_django import Settings

from callcenter.accounts.backends import SignInLockoutBackend
from callcenter.accounts.models import User
from tests.harness.sign_in import LIMIT, PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lockout")]


def _request(address: str = "10.0.0.7") -> Any:
    request: Any = RequestFactory().post("/accounts/login/", REMOTE_ADDR=address)
    request.axes_ip_address = address
    request.axes_user_agent = "test"
    request.axes_path_info = "/accounts/login/"
    request.axes_http_accept = "*/*"
    request.axes_attempt_time = None
    return request


def test_the_backend_signs_nobody_in_even_with_the_right_password(bob: User, settings: Settings) -> None:
    settings.AUTHENTICATION_BACKENDS = [f"{SignInLockoutBackend.__module__}.{SignInLockoutBackend.__name__}"]
    assert authenticate(_request(), username="bob", password=PASSWORD) is None


def test_without_a_request_the_backend_leaves_the_sign_in_to_the_next_one(bob: User) -> None:
    assert authenticate(None, username="bob", password=PASSWORD) == bob


def test_a_sign_in_over_http_passes_through_to_the_password_check(bob: User) -> None:
    assert authenticate(_request(), username="bob", password=PASSWORD) == bob


def test_a_locked_out_name_and_address_get_no_user_with_the_right_password(bob: User) -> None:
    AccessAttempt.objects.create(
        username="bob", ip_address="10.0.0.7", user_agent="test", failures_since_start=LIMIT
    )
    assert authenticate(_request(), username="bob", password=PASSWORD) is None


def test_the_lockout_of_one_address_leaves_another_address_alone(bob: User) -> None:
    AccessAttempt.objects.create(
        username="bob", ip_address="10.0.0.7", user_agent="test", failures_since_start=LIMIT
    )
    assert authenticate(_request("10.0.0.8"), username="bob", password=PASSWORD) == bob
