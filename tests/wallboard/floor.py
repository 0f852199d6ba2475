"""Requests to the floor API (``/api/floor/``) as one user: actions on an agent, the signed-in agent's own
actions and callback list, and ending a listen/whisper/barge session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callcenter.accounts.models import User
from callcenter.agents.models import Agent
from callcenter.stats.models import Callback
from callcenter.wallboard.models import SpySession
from tests.harness.personas import api_client

if TYPE_CHECKING:
    from rest_framework.response import _MonkeyPatchedResponse


def on_agent(user: User, agent: Agent, op: str, data: dict[str, Any] | None = None) -> _MonkeyPatchedResponse:
    """``user`` asks for ``op`` (pause, unpause, login, logout, spy) on ``agent``."""
    return api_client(user).post(f"/api/floor/agents/{agent.pk}/{op}/", data or {}, format="json")


def on_me(
    user: User, op: str, data: dict[str, Any] | None = None, *, language: str | None = None
) -> _MonkeyPatchedResponse:
    """The agent signed in as ``user`` asks for ``op`` (pause, unpause, login, logout) for themselves, in
    ``language`` when given (the Accept-Language header)."""
    client = api_client(user)
    if language is not None:
        client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    return client.post(f"/api/floor/me/{op}/", data or {}, format="json")


def end_session(user: User, session: SpySession) -> _MonkeyPatchedResponse:
    return api_client(user).post(f"/api/floor/spy-sessions/{session.pk}/end/", format="json")


def on_callback(
    user: User, callback: Callback, op: str, data: dict[str, Any] | None = None
) -> _MonkeyPatchedResponse:
    """The agent signed in as ``user`` asks for ``op`` (take, dial, close) on an entry of their callback list."""
    return api_client(user).post(f"/api/floor/callbacks/{callback.pk}/{op}/", data or {}, format="json")
