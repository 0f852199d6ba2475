"""The group apply: every node prepared, then switched, all or nothing; recorded and audited."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from callcenter.audit.actions import record
from callcenter.pbx.apply import (
    AMIReloader,
    NodeDirectory,
    Reloader,
    actor_name,
    ensure_phone_accounts,
    keep_versions,
    record_apply,
    tell_reloaded,
)
from callcenter.pbx.group_apply.plans import NodePlan, Status, discard, prepare, restore, switch_all
from callcenter.pbx.models import AsteriskServer, GroupApply, NodeGroup


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
        prepare(plan, sounds_dir)
    refused = [plan for plan in plans if plan.status == Status.REFUSED]
    ready = [plan for plan in plans if not plan.status]
    if refused or dry_run:
        for plan in ready:
            discard(plan)
            plan.status = Status.DRY_RUN if not refused else Status.REFUSED
            if refused:
                names = ", ".join(p.server.name for p in refused)
                # Stored and audited in English, like every apply error.
                plan.error = f"not applied: node {names} of the group refused the configuration"
        for plan in refused:
            discard(plan)
        return "\n".join(f"{plan.server.name}: {plan.error}" for plan in refused)
    failed = switch_all(ready)
    if failed is None:
        for plan in ready:
            plan.status = Status.APPLIED
            tell_reloaded(plan.server, plan.modules)
            plan.node.prune(keep_versions())
        return ""
    cause = f"not applied: node {failed.server.name} failed: {failed.error}"
    for plan in reversed([p for p in ready if p.switched]):
        restore(plan, cause)
    for plan in ready:
        if not plan.switched:
            discard(plan)
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
        actor_name=actor_name(actor),
        status=_outcome(plans),
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    for plan in plans:
        record_apply(
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
