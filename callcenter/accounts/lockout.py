"""Sign-in lockout hooks of django-axes: the user name counted, and the answer to a locked-out sign-in.

The answer is a page for people and JSON for API clients, both 429 Too Many Requests.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the user name tried, cut to the longest a user name can be.

    A client may post a user name of any length; no user has a longer one, and the lockout records
    hold 255 characters at most.
    """
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    source = credentials if credentials else getattr(request, "data", request.POST)
    value = source.get(field)
    if value is None:
        return None
    return str(value)[: getattr(user_model._meta.get_field(field), "max_length", None) or 150]


def _wants_json(request: HttpRequest) -> bool:
    if request.path.startswith("/api/") or request.headers.get("x-requested-with") == "XMLHttpRequest":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def lockout_message(cool_off: timedelta | None) -> str:
    """Why the sign-in was refused and when it may be tried again, in the request's language."""
    if cool_off is None:
        return _(
            "Too many failed sign-ins: this user name is locked out from your address. "
            "Ask an administrator to lift the lockout."
        )
    minutes = max(1, round(cool_off.total_seconds() / 60))
    return ngettext(
        "Too many failed sign-ins: this user name is locked out from your address. "
        "Try again in %(minutes)d minute or ask an administrator to lift the lockout.",
        "Too many failed sign-ins: this user name is locked out from your address. "
        "Try again in %(minutes)d minutes or ask an administrator to lift the lockout.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 Too Many Requests, as a page or as ``{"detail": ...}``.

    The arguments after the request differ between axes' synchronous and asynchronous middleware;
    everything needed is read from the request and the settings instead.
    """
    cool_off = get_cool_off(request)
    message = lockout_message(cool_off)
    status = settings.AXES_HTTP_RESPONSE_CODE
    if _wants_json(request):
        body: dict[str, object] = {"detail": message, "code": "locked_out"}
        if cool_off is not None:
            body["retry_after_seconds"] = int(cool_off.total_seconds())
        response: HttpResponse = JsonResponse(body, status=status)
    else:
        response = render(request, "accounts/locked_out.html", {"message": message}, status=status)
    if cool_off is not None:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
