"""Puts the signed-in user's role into every template, for the navigation."""

from __future__ import annotations

from django.http import HttpRequest

from callcenter.accounts.roles import role_of


def role(request: HttpRequest) -> dict[str, str | None]:
    return {"user_role": role_of(getattr(request, "user", None))}
