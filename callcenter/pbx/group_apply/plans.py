"""One node's part of a group apply: prepare its version, switch it live, put it back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Max

from callcenter.pbx.apply import (
    MODULE_ORDER,
    NodeDirectory,
    Reloader,
    ReloadFailed,
    diff_versions,
    modules_to_reload,
    reload_and_verify,
    tell_reloaded,
)
from callcenter.pbx.models import AsteriskServer, ConfigApply
from callcenter.pbx.render import render_center
from callcenter.pbx.snapshot import ConfigInvalid, collect
from callcenter.pbx.validate import check_directory

Status = ConfigApply.Status


@dataclass
class NodePlan:
    """One node's part of a group apply, from its prepared version to its final outcome."""

    server: AsteriskServer
    node: NodeDirectory
    reloader: Reloader
    previous: int | None
    version: int | None = None
    changed: list[str] = field(default_factory=list)
    diff: str = ""
    modules: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    status: str = ""
    error: str = ""
    switched: bool = False


def prepare(plan: NodePlan, sounds_dir: Path | None) -> None:
    """Render, diff, write and check the node's new version; sets ``status`` when the node stops here
    (refused or unchanged), leaves it empty when the version is ready to be switched."""
    node, server = plan.node, plan.server
    center = collect(server)
    external = {queue.exit_context for queue in center.queues if queue.exit_context}
    try:
        rendered = render_center(center, node.include_root)
    except ConfigInvalid as exc:
        plan.status, plan.error = Status.REFUSED, "\n".join(exc.errors)
        return
    live_dir = node.version_dir(plan.previous) if plan.previous is not None else None
    plan.changed, plan.diff = diff_versions(live_dir, rendered.files, rendered.audio_hashes())
    if plan.previous is not None and not plan.changed:
        plan.status, plan.version = Status.UNCHANGED, plan.previous
        return
    used = ConfigApply.objects.filter(server=server).aggregate(highest=Max("version"))["highest"] or 0
    try:
        plan.version = node.write_version(rendered, after=used, reuse_from=live_dir)
    except ConfigInvalid as exc:
        plan.status, plan.error = Status.REFUSED, "\n".join(exc.errors)
        return
    report = check_directory(
        node.version_dir(plan.version),
        include_root=node.include_root,
        sounds_dir=sounds_dir,
        external_contexts=external,
    )
    plan.warnings = report.warnings
    plan.modules = modules_to_reload(plan.changed) if plan.previous is not None else list(MODULE_ORDER)
    if not report.ok:
        plan.status, plan.error = Status.REFUSED, "\n".join(report.errors)


def discard(plan: NodePlan) -> None:
    """Remove a prepared version that will not go live."""
    if plan.version is not None and plan.version != plan.previous:
        plan.node.remove_version(plan.version)


def switch_all(plans: list[NodePlan]) -> NodePlan | None:
    """Swap and reload node by node; returns the node that failed (its ``error`` set), or None."""
    for plan in plans:
        if plan.version is None:  # a prepared plan always has its version; nothing to switch otherwise
            continue
        plan.node.point_live_at(plan.version)
        plan.switched = True
        try:
            reload_and_verify(plan.reloader, plan.modules, plan.node.version_dir(plan.version))
        except ReloadFailed as exc:
            plan.error = str(exc)
            return plan
    return None


def restore(plan: NodePlan, cause: str) -> None:
    """Put a switched node back on its previous version and reload it."""
    plan.node.point_live_at(plan.previous)
    plan.status, plan.error = Status.ROLLED_BACK, plan.error or cause
    if plan.previous is not None:
        try:
            reload_and_verify(plan.reloader, plan.modules, plan.node.version_dir(plan.previous))
        except ReloadFailed as exc:
            plan.status = Status.FAILED
            plan.error = f"{plan.error}; restoring version {plan.previous} failed too: {exc}"
    tell_reloaded(plan.server, plan.modules)
    discard(plan)
