"""Applying a rendered configuration to one node, rolling back to a kept version, and plain renders."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.db.models import Max

from callcenter.pbx.apply.diffs import MODULE_ORDER, audio_tree, diff_versions, modules_to_reload, read_tree
from callcenter.pbx.apply.listeners import tell_reloaded
from callcenter.pbx.apply.phones import ensure_phone_accounts
from callcenter.pbx.apply.reloaders import AMIReloader, Reloader, ReloadFailed
from callcenter.pbx.apply.verify import record_apply, reload_and_verify
from callcenter.pbx.apply.versions import NodeDirectory, keep_versions
from callcenter.pbx.models import AsteriskServer, ConfigApply
from callcenter.pbx.render import Rendered, render_center
from callcenter.pbx.snapshot import ConfigInvalid, collect
from callcenter.pbx.validate import Report, check_directory


def _switch(
    node: NodeDirectory, reloader: Reloader, new: int, previous: int | None, modules: list[str]
) -> tuple[str, str]:
    """Make ``new`` live and reload; on failure put ``previous`` back and reload it. Returns (status, error)."""
    node.point_live_at(new)
    try:
        reload_and_verify(reloader, modules, node.version_dir(new))
    except ReloadFailed as exc:
        error = str(exc)
        node.point_live_at(previous)
        if previous is not None:
            try:
                reload_and_verify(reloader, modules, node.version_dir(previous))
            except ReloadFailed as restore_exc:
                return (
                    ConfigApply.Status.FAILED,
                    f"{error}; restoring version {previous} failed too: {restore_exc}",
                )
        return ConfigApply.Status.ROLLED_BACK, error
    return ConfigApply.Status.APPLIED, ""


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
    started = time.monotonic()
    node = NodeDirectory(Path(server.config_dir))
    reloader = reloader or AMIReloader(server)
    with node.locked():
        previous = node.live_version()
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
        status, error = _switch(node, reloader, version, previous, modules)
        tell_reloaded(server, modules)
        if status != ConfigApply.Status.APPLIED:
            node.remove_version(version)
        else:
            node.prune(keep_versions())
        return record_apply(
            actor, server, started, status=status, version=version, reloaded=modules, error=error, **common
        )


def rollback_configuration(
    actor: Any, server: AsteriskServer, version: int, *, reloader: Reloader | None = None
) -> ConfigApply:
    """Put a kept version back live (the database is not changed: the next apply renders it again)."""
    started = time.monotonic()
    node = NodeDirectory(Path(server.config_dir))
    reloader = reloader or AMIReloader(server)
    with node.locked():
        previous = node.live_version()
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
        status, error = _switch(node, reloader, version, previous, modules)
        tell_reloaded(server, modules)
        return record_apply(
            actor, server, started, kind=kind, status=status, version=version, previous_version=previous,
            changed_files=changed, diff=diff, reloaded=modules, error=error,
        )  # fmt: skip


def render_to_directory(
    server: AsteriskServer | None,
    out: Path,
    *,
    include_root: str | None = None,
    sounds_dir: Path | None = None,
) -> tuple[Rendered, Report]:
    """``pbx_render``: render one node (or the whole center) into ``out`` and check it; nothing live is touched.

    Queue exit contexts are the admin's own dialplan, outside the rendered files: a missing one is a warning.
    """
    center = collect(server)
    root = include_root or str(out.resolve())
    rendered = render_center(center, root)
    # A re-render into the same directory must not leave a subroutine or audio file that no longer exists
    # behind: nothing would use it, but a reader of DIR would take it for part of the render.
    for stale in sorted(
        set(read_tree(out / "callcenter")) - {p[len("callcenter/") :] for p in rendered.files}
    ):
        (out / "callcenter" / stale).unlink()
    for stale_audio in sorted(set(audio_tree(out)) - set(rendered.audio)):
        (out / stale_audio).unlink()
    rendered.write(out)
    external = {queue.exit_context for queue in center.queues if queue.exit_context}
    report = check_directory(out, include_root=root, sounds_dir=sounds_dir, external_contexts=external)
    return rendered, report
