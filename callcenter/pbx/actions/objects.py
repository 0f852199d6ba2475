"""Saving and deleting PBX objects: validated and audited; audio still played somewhere is kept."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from callcenter.audit.actions import delete_audited, save_validated
from callcenter.pbx.audio import ConvertedAudio
from callcenter.pbx.models import AudioModel, audio_users

M = TypeVar("M", bound=models.Model)
A = TypeVar("A", bound=AudioModel)


def save(actor: Any, instance: M, *, m2m: dict[str, Any] | None = None) -> M:
    """Create or update any PBX object (server, trunk, queue, schedule, IVR, route)."""
    return save_validated(actor, instance, m2m=m2m)


def save_audio(actor: Any, instance: A, audio: ConvertedAudio | None = None) -> A:
    """Create or update a prompt or a music on hold file; ``audio`` (from ``audio.convert_upload``) replaces
    its recording. Audited like every save: the SHA-256, length and uploaded file name show the change."""
    if audio is not None:
        instance.audio = audio.data
        instance.sha256 = audio.sha256
        instance.duration_ms = audio.duration_ms
        instance.original_name = audio.original_name
    return save_validated(actor, instance)


def delete(actor: Any, instance: models.Model) -> None:
    """Delete any PBX object, audited; an uploaded prompt or music class still named somewhere is kept."""
    users = audio_users(instance)
    if users:
        listed = ", ".join(f"{user._meta.verbose_name} “{user}”" for user in users[:5])
        raise ProtectedError(
            _("“%(name)s” is still played by %(users)s.") % {"name": instance, "users": listed}, set(users)
        )
    delete_audited(actor, instance)
