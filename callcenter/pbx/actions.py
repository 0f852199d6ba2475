"""The one place that writes PBX configuration: validates, saves and audits; applies it to Asterisk."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from django.db import models
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from callcenter.audit.actions import delete_audited, record, save_validated
from callcenter.pbx import apply, group_apply
from callcenter.pbx.apply import NodeDirectory, Reloader, ensure_phone_accounts
from callcenter.pbx.audio import ConvertedAudio
from callcenter.pbx.models import AsteriskServer, AudioModel, ConfigApply, GroupApply, NodeGroup, audio_users
from callcenter.pbx.render import render_center
from callcenter.pbx.snapshot import collect

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


def apply_configuration(
    actor: Any,
    server: AsteriskServer,
    *,
    dry_run: bool = False,
    reloader: Reloader | None = None,
    sounds_dir: Path | None = None,
) -> ConfigApply:
    """Render, validate, swap atomically and reload what changed on one node; audited, rolled back on failure."""
    return apply.apply_configuration(actor, server, dry_run=dry_run, reloader=reloader, sounds_dir=sounds_dir)


def apply_group_configuration(
    actor: Any,
    group: NodeGroup,
    *,
    dry_run: bool = False,
    reloaders: Mapping[str, Reloader] | None = None,
    sounds_dir: Path | None = None,
) -> GroupApply:
    """Apply to every enabled node of a group, all or nothing: checked on every node before any swap, and
    every node back on its previous version if one fails; audited as one group apply plus each node's."""
    return group_apply.apply_group(actor, group, dry_run=dry_run, reloaders=reloaders, sounds_dir=sounds_dir)


def rollback_configuration(
    actor: Any, server: AsteriskServer, version: int, *, reloader: Reloader | None = None
) -> ConfigApply:
    """Put a kept configuration version back live on one node, audited."""
    return apply.rollback_configuration(actor, server, version, reloader=reloader)


def bootstrap_configuration(actor: Any, server: AsteriskServer) -> int | None:
    """Lay down the first configuration of a node whose Asterisk has not started yet (nothing to reload).

    Returns the version made live, or None when the node already has a live configuration (then only
    ``apply_configuration`` may change it). A center that does not validate is refused with ConfigInvalid.
    """
    node = NodeDirectory(Path(server.config_dir))
    with node.locked():
        if node.live_version() is not None:
            return None
        ensure_phone_accounts(actor)
        rendered = render_center(collect(server), node.include_root)
        version = node.write_version(rendered)
        node.point_live_at(version)
    record(actor, "config_bootstrap", server, changes={"version": version})
    return version
