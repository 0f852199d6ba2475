"""Putting a kept version of a node's configuration back live."""

from __future__ import annotations

from typing import Any

from callcenter.pbx.apply.diffs import MODULE_ORDER, audio_tree, diff_versions, modules_to_reload, read_tree
from callcenter.pbx.apply.listeners import tell_reloaded
from callcenter.pbx.apply.reloaders import Reloader
from callcenter.pbx.apply.switch import lock_node, switch_live
from callcenter.pbx.apply.verify import record_apply
from callcenter.pbx.models import AsteriskServer, ConfigApply


def rollback_configuration(
    actor: Any, server: AsteriskServer, version: int, *, reloader: Reloader | None = None
) -> ConfigApply:
    """Put a kept version back live (the database is not changed: the next apply renders it again)."""
    with lock_node(server, reloader) as (node, reloader, previous, started):
        kind = ConfigApply.Kind.ROLLBACK
        if version not in node.existing_versions():
            return record_apply(
                actor, server, started, kind=kind, status=ConfigApply.Status.REFUSED, version=version,
                previous_version=previous, error=f"version {version} is no longer kept on this node",
            )  # fmt: skip
        target = node.version_dir(version)
        changed, diff = diff_versions(
            node.version_dir(previous) if previous is not None else None,
            read_tree(target),
            audio_tree(target),
        )
        modules = modules_to_reload(changed) if previous is not None else list(MODULE_ORDER)
        status, error = switch_live(node, reloader, version, previous, modules)
        tell_reloaded(server, modules)
        return record_apply(
            actor, server, started, kind=kind, status=status, version=version, previous_version=previous,
            changed_files=changed, diff=diff, reloaded=modules, error=error,
        )  # fmt: skip
