"""Applying a rendered configuration to one node: render, diff, check, swap, reload, verify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Max

from callcenter.pbx.apply.diffs import MODULE_ORDER, diff_versions, modules_to_reload
from callcenter.pbx.apply.listeners import tell_reloaded
from callcenter.pbx.apply.phones import ensure_phone_accounts
from callcenter.pbx.apply.reloaders import Reloader
from callcenter.pbx.apply.switch import lock_node, switch_live
from callcenter.pbx.apply.verify import record_apply
from callcenter.pbx.apply.versions import keep_versions
from callcenter.pbx.models import AsteriskServer, ConfigApply
from callcenter.pbx.render import render_center
from callcenter.pbx.snapshot import ConfigInvalid, collect
from callcenter.pbx.validate import check_directory


def apply_configuration(
    actor: Any,
    server: AsteriskServer,
    *,
    dry_run: bool = False,
    reloader: Reloader | None = None,
    sounds_dir: Path | None = None,
    external_contexts: set[str] | None = None,
) -> ConfigApply:
    """Render, diff, check, swap, reload and verify one node; returns the stored ConfigApply."""
    with lock_node(server, reloader) as (node, reloader, previous, started):
        ensure_phone_accounts(actor)
        center = collect(server)
        external = set(external_contexts or ()) | {
            queue.exit_context for queue in center.queues if queue.exit_context
        }
        try:
            rendered = render_center(center, node.include_root)
        except ConfigInvalid as exc:
            return record_apply(
                actor, server, started, status=ConfigApply.Status.REFUSED, previous_version=previous,
                error="\n".join(exc.errors),
            )  # fmt: skip
        live_dir = node.version_dir(previous) if previous is not None else None
        changed, diff = diff_versions(live_dir, rendered.files, rendered.audio_hashes())
        if previous is not None and not changed:
            return record_apply(
                actor, server, started, status=ConfigApply.Status.UNCHANGED, version=previous,
                previous_version=previous,
            )  # fmt: skip
        # Never reuse the number of a refused or rolled-back attempt: the history names each version once.
        used = ConfigApply.objects.filter(server=server).aggregate(highest=Max("version"))["highest"] or 0
        try:
            version = node.write_version(rendered, after=used, reuse_from=live_dir)
        except ConfigInvalid as exc:
            return record_apply(
                actor, server, started, status=ConfigApply.Status.REFUSED, previous_version=previous,
                changed_files=changed, diff=diff, error="\n".join(exc.errors),
            )  # fmt: skip
        report = check_directory(
            node.version_dir(version),
            include_root=node.include_root,
            sounds_dir=sounds_dir,
            external_contexts=external,
        )
        modules = modules_to_reload(changed) if previous is not None else list(MODULE_ORDER)
        common: dict[str, Any] = {
            "previous_version": previous, "changed_files": changed, "diff": diff, "warnings": report.warnings,
        }  # fmt: skip
        if not report.ok or dry_run:
            node.remove_version(version)
            outcome = ConfigApply.Status.DRY_RUN if report.ok else ConfigApply.Status.REFUSED
            return record_apply(
                actor, server, started, status=outcome, reloaded=modules if report.ok else [],
                error="\n".join(report.errors), **common,
            )  # fmt: skip
        status, error = switch_live(node, reloader, version, previous, modules)
        tell_reloaded(server, modules)
        if status != ConfigApply.Status.APPLIED:
            node.remove_version(version)
        else:
            node.prune(keep_versions())
        return record_apply(
            actor, server, started, status=status, version=version, reloaded=modules, error=error, **common
        )
