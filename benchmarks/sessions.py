"""A signed-in administrator for the benchmarks' simulated browsers (Django must be set up first)."""

from __future__ import annotations


def admin_session_cookie(username: str) -> str:
    """The ``Cookie`` header of a session of the active administrator ``username`` (created if missing)."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user, _ = get_user_model().objects.update_or_create(
        username=username, defaults={"role": "admin", "is_active": True}
    )
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"
