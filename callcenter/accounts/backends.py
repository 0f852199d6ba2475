"""The sign-in lockout check, first of the authentication backends (settings.AUTHENTICATION_BACKENDS)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class SignInLockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]  # django-axes ships no type information
    """Refuses a sign-in from a user name and address that failed too often; signs nobody in itself.

    Every sign-in over HTTP (the sign-in page, the admin's) passes the request and is checked. A call
    without a request has no client address to count failures for (Django's test client ``login()``,
    code in a shell): it is left to the next backend unchecked instead of failing with an error.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        return None
