"""Signing in through the sign-in form as a browser at one address does, under a small lockout limit."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.test import Client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

# The password every factory user signs in with (UserFactory sets it).
PASSWORD = "correct-horse-battery"
WRONG_PASSWORD = "wrong-password"
ADDRESS = "10.0.0.7"
# Failed sign-ins of one user name from one address that lock the pair out for COOL_OFF.
LIMIT = 3
COOL_OFF = timedelta(minutes=30)


def sign_in(
    client: Client, password: str, *, username: str = "bob", address: str = ADDRESS, **extra: Any
) -> _MonkeyPatchedWSGIResponse:
    """Post the sign-in form; ``extra`` goes into the request (headers such as HTTP_ACCEPT)."""
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail(client: Client, times: int, **kwargs: Any) -> _MonkeyPatchedWSGIResponse:
    """Sign in ``times`` times (at least once) with a wrong password; the last answer."""
    assert times >= 1
    for _ in range(times - 1):
        sign_in(client, WRONG_PASSWORD, **kwargs)
    return sign_in(client, WRONG_PASSWORD, **kwargs)


def signed_in(client: Client) -> bool:
    """Whether the client's session belongs to a signed-in user."""
    return "_auth_user_id" in client.session
