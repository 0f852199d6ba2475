"""Applying one configuration to every node of a group: all of them move to the new version, or none does.

A group's nodes render the same queues, routes and trunks (``snapshot.collect`` reads what any node of the
group is given); only the per-node values differ: the node's name (``CC_NODE``), its SIP port, recordings
directory and configuration directory. The apply runs in two phases, with every node's ``.lock`` held
(taken in name order, so two group applies never wait on each other in a circle):

1. prepare: on every node render, diff, write the new version and check it. If any node refuses, every
   new version is removed and nothing live was touched on any node.
2. switch: node by node, swap ``live`` and reload what changed, verified as a single apply is. If a node
   fails, that node and every node already switched go back to their previous version and reload it.

The group apply is stored as one ``GroupApply`` (audited as ``pbx_group_apply`` with each node's result)
and one ``ConfigApply`` per node naming it (audited as ``pbx_apply`` like a single node's apply).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from callcenter.audit.actions import record
from callcenter.pbx.apply import (
    MODULE_ORDER,
    AMIReloader,
    NodeDirectory,
    Reloader,
    ReloadFailed,
    _actor_name,
    _finish,
    _reload_and_verify,
    _tell_reloaded,
    diff_versions,
    ensure_phone_accounts,
    keep_versions,
    modules_to_reload,
)
from callcenter.pbx.models import AsteriskServer, ConfigApply, GroupApply, NodeGroup
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


def _prepare(plan: NodePlan, sounds_dir: Path | None) -> None:
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


def _discard(plan: NodePlan) -> None:
    """Remove a prepared version that will not go live."""
    if plan.version is not None and plan.version != plan.previous:
        plan.node.remove_version(plan.version)


def _switch_all(plans: list[NodePlan]) -> NodePlan | None:
    """Swap and reload node by node; returns the node that failed (its ``error`` set), or None."""
    for plan in plans:
        if plan.version is None:  # a prepared plan always has its version; nothing to switch otherwise
            continue
        plan.node.point_live_at(plan.version)
        plan.switched = True
        try:
            _reload_and_verify(plan.reloader, plan.modules, plan.node.version_dir(plan.version))
        except ReloadFailed as exc:
            plan.error = str(exc)
            return plan
    return None


def _restore(plan: NodePlan, cause: str) -> None:
    """Put a switched node back on its previous version and reload it."""
    plan.node.point_live_at(plan.previous)
    plan.status, plan.error = Status.ROLLED_BACK, plan.error or cause
    if plan.previous is not None:
        try:
            _reload_and_verify(plan.reloader, plan.modules, plan.node.version_dir(plan.previous))
        except ReloadFailed as exc:
            plan.status = Status.FAILED
            plan.error = f"{plan.error}; restoring version {plan.previous} failed too: {exc}"
    _tell_reloaded(plan.server, plan.modules)
    _discard(plan)


def _outcome(plans: list[NodePlan]) -> str:
    statuses = {plan.status for plan in plans}
    for status in (Status.FAILED, Status.ROLLED_BACK, Status.REFUSED, Status.DRY_RUN, Status.APPLIED):
        if status in statuses:
            return status
    return Status.UNCHANGED


def _run(plans: list[NodePlan], actor: Any, *, dry_run: bool, sounds_dir: Path | None) -> str:
    """Both phases over locked nodes; returns the group's error text ("" on success)."""
    ensure_phone_accounts(actor)
    for plan in plans:
        _prepare(plan, sounds_dir)
    refused = [plan for plan in plans if plan.status == Status.REFUSED]
    ready = [plan for plan in plans if not plan.status]
    if refused or dry_run:
        for plan in ready:
            _discard(plan)
            plan.status = Status.DRY_RUN if not refused else Status.REFUSED
            if refused:
                names = ", ".join(p.server.name for p in refused)
                # Stored and audited in English, like every apply error.
                plan.error = f"not applied: node {names} of the group refused the configuration"
        for plan in refused:
            _discard(plan)
        return "\n".join(f"{plan.server.name}: {plan.error}" for plan in refused)
    failed = _switch_all(ready)
    if failed is None:
        for plan in ready:
            plan.status = Status.APPLIED
            _tell_reloaded(plan.server, plan.modules)
            plan.node.prune(keep_versions())
        return ""
    cause = f"not applied: node {failed.server.name} failed: {failed.error}"
    for plan in reversed([p for p in ready if p.switched]):
        _restore(plan, cause)
    for plan in ready:
        if not plan.switched:
            _discard(plan)
            plan.status, plan.error = Status.ROLLED_BACK, cause
    return f"{failed.server.name}: {failed.error}"


def _stored_version(plan: NodePlan) -> int | None:
    """The version a node's ConfigApply names: the one live, or the one tried and rolled back; none for a
    version refused or never switched (its number was not used)."""
    if plan.status in (Status.APPLIED, Status.UNCHANGED) or plan.switched:
        return plan.version
    return None


def apply_group(
    actor: Any,
    group: NodeGroup,
    *,
    dry_run: bool = False,
    reloaders: Mapping[str, Reloader] | None = None,
    sounds_dir: Path | None = None,
) -> GroupApply:
    """Apply the configuration to every enabled node of the group, all or nothing; returns the GroupApply.

    ``reloaders`` maps a node's name to how it is reloaded (by default over AMI). A group without an enabled
    node is refused with ValidationError and nothing is stored.
    """
    servers = list(AsteriskServer.objects.filter(group=group, enabled=True).order_by("name"))
    if not servers:
        raise ValidationError(_("The node group “%(name)s” has no enabled node.") % {"name": group.name})
    started = time.monotonic()
    chosen = dict(reloaders or {})
    plans = []
    for server in servers:
        node = NodeDirectory(Path(server.config_dir))
        plans.append(NodePlan(server, node, chosen.get(server.name) or AMIReloader(server), previous=None))
    with contextlib.ExitStack() as stack:
        for plan in plans:
            stack.enter_context(plan.node.locked())
            plan.previous = plan.node.live_version()
        error = _run(plans, actor, dry_run=dry_run, sounds_dir=sounds_dir)
    entry = GroupApply.objects.create(
        group=group,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_actor_name(actor),
        status=_outcome(plans),
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    for plan in plans:
        _finish(
            actor, plan.server, started, status=plan.status, version=_stored_version(plan),
            previous_version=plan.previous, changed_files=plan.changed, diff=plan.diff,
            reloaded=plan.modules if plan.status != Status.REFUSED else [], warnings=plan.warnings,
            error=plan.error, group_apply=entry,
        )  # fmt: skip
    record(
        actor,
        "pbx_group_apply",
        group,
        changes={
            "nodes": {
                plan.server.name: {
                    "status": plan.status,
                    "version": plan.version,
                    "previous_version": plan.previous,
                }
                for plan in plans
            }
        },
        result=entry.status,
        detail=error,
    )
    return entry
