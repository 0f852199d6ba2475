"""Listen, whisper and barge set-up: a supervisor's own phone, and Sam's spy session on Anna."""

from __future__ import annotations

from typing import Any

from callcenter.accounts.models import User
from callcenter.wallboard.models import SpySession


def with_phone(user: User, extension: str) -> User:
    """``user`` with their own phone extension, the phone a spy session rings."""
    user.phone_extension = extension
    user.save()
    return user


def session_on_anna(
    center: dict[str, Any], action_id: str, mode: str = "listen", **fields: Any
) -> SpySession:
    """Sam's session on Anna's calls on node1, originated to his phone Local/900@supervisor."""
    defaults: dict[str, Any] = {"spyee": "Local/1002@agents", **fields}
    return SpySession.objects.create(
        supervisor=center["sam"],
        agent=center["anna"],
        server="node1",
        mode=mode,
        action_id=action_id,
        supervisor_channel="Local/900@supervisor",
        **defaults,
    )
