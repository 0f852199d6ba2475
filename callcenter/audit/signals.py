"""Sign-ins, failed sign-ins, lockouts and sign-outs, written into the audit log as they happen.

Django's authentication signals fire for the sign-in page, the admin's sign-in and anything else that
signs users in or out; axes' ``user_locked_out`` fires when a user name is locked out from an address.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from callcenter.audit import actions


def _client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the lockout counts it (REMOTE_ADDR behind the trusted proxy)."""
    if request is None:
        return None
    address: str | None = get_client_ip_address(request)
    return address


@receiver(user_logged_in, dispatch_uid="audit.sign_in")
def audit_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    actions.record_sign_in(user, _client_address(request))


@receiver(user_logged_out, dispatch_uid="audit.sign_out")
def audit_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # A sign-out without a signed-in user (no session, or it had ended) signs nobody out: nothing to audit,
    # and anyone could otherwise add entries.
    if user is not None:
        actions.record_sign_out(user, _client_address(request))


@receiver(user_login_failed, dispatch_uid="audit.sign_in_failed")
def audit_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the user name is read: Django masks the password in these credentials, and it stays out anyway.
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or ""
    actions.record_sign_in_failed(str(username), _client_address(request))


@receiver(user_locked_out, dispatch_uid="audit.sign_in_locked_out")
def audit_sign_in_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    actions.record_sign_in_locked_out(username or "", ip_address)
