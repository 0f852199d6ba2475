"""The writes that change what the nodes should hold (a contact or a tier saved or deleted, validated and
audited, then pushed once committed), and the audited full sync."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from django.db import transaction

from callcenter.audit.actions import delete_audited, record, save_validated
from callcenter.wallboard.models import Contact, ContactTier
from callcenter.wallboard.vip.entries import changes_between, entries_of
from callcenter.wallboard.vip.nodes import NodeResult, push, sync_servers


def push_on_commit(changes: Mapping[str, str | None]) -> None:
    """Push the changes to every node once the transaction commits (best effort; the periodic sync
    repairs a node that missed them)."""
    if changes:
        pending = dict(changes)
        transaction.on_commit(lambda: push(pending))


def save(actor: Any, instance: Contact | ContactTier) -> Contact | ContactTier:
    """Create or update a contact or a tier (validated, audited), then push the keys it changed."""
    with transaction.atomic():
        before = entries_of(instance)
        saved = save_validated(actor, instance)
        push_on_commit(changes_between(before, entries_of(saved)))
    return saved


def delete(actor: Any, instance: Contact | ContactTier) -> None:
    """Delete a contact or a tier (its contacts become ordinary callers), audited; their keys are deleted."""
    with transaction.atomic():
        before = entries_of(instance)
        delete_audited(actor, instance)
        push_on_commit(dict.fromkeys(before))


def sync(actor: Any, servers: Iterable[str] | None = None) -> list[NodeResult]:
    """The full sync of every enabled node (or the named ones). Audited when it changed a node, failed,
    or was asked for by someone (``actor``); a quiet periodic run leaves no entry."""
    results = sync_servers(servers)
    if actor is not None or any(result.put or result.deleted or not result.ok for result in results):
        record(
            actor,
            "wallboard.sync_vip",
            changes={"nodes": [asdict(result) for result in results]},
            result="ok" if all(result.ok for result in results) else "error",
            detail="; ".join(f"{result.server}: {result.error}" for result in results if not result.ok),
            object_type="wallboard.contacttier",
            object_repr="VIP routing data",
        )
    return results
