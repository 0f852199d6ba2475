"""VIP routing data: the caller tiers of the CRM contacts, pushed into each node's AstDB over AMI.

The dialplan decides (``cc-vip`` in asterisk_conf/dialplan.conf.tmpl): at queue entry it looks up the
caller's number in AstDB family ``cc-vip`` and sets QUEUE_PRIO, or sends the caller to the tier's own
queue. AstDB lives in the node's astdb.sqlite3, so routing keeps working while the control plane is down.

What is pushed, per contact with a tier, under every key the caller's number may arrive as (the dialplan
keeps only digits and '+' of CALLERID(num)):

    +79161110000   E.164
    79161110000    E.164 without '+'
    89161110000    the national form of PHONE_DEFAULT_REGION (numbers of that region only)

and the value ``<priority>`` or ``<priority>:<queue>``. A number that is no valid public number (an
extension) has one key, its digits.

Two ways data reaches a node: ``push`` right after a contact or a tier changes (best effort: a node that
cannot be reached is logged and skipped), and ``sync_server``, which reads the family (DBGetTree), then
puts what is missing or different and deletes what should not be there: idempotent, run by Celery beat
and ``manage.py sync_vip``, so a node that was down or is new catches up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import phonenumbers
from django.conf import settings
from django.db import transaction

from callcenter.ami.client import AMIClient
from callcenter.ami.errors import AMIActionError, AMIError
from callcenter.ami.protocol import Message
from callcenter.ami.sync import client_for
from callcenter.audit.actions import delete_audited, record, save_validated
from callcenter.core.phones import default_region, digits
from callcenter.pbx.models import AsteriskServer
from callcenter.pbx.render import VIP_FAMILY
from callcenter.wallboard.models import Contact, ContactTier

log = logging.getLogger(__name__)

# Actions sent at once on one connection; the client matches each response by its ActionID.
BATCH = 100
# Asterisk's answer to DBDel of a key it does not hold (main/db.c): the wanted state already.
_NOT_FOUND = ("database entry could not be deleted", "database entry not found")


def number_keys(phone: str) -> list[str]:
    """The AstDB keys of a stored contact number (E.164 or digits), in a fixed order, without repeats."""
    if not phone.startswith("+"):
        plain = digits(phone)
        return [plain] if plain else []
    keys = [phone, phone[1:]]
    try:
        parsed = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return keys
    if phonenumbers.region_code_for_number(parsed) == default_region():
        national = digits(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
        if national and national not in keys:
            keys.append(national)
    return keys


def tier_value(tier: ContactTier) -> str:
    """What the dialplan reads for a caller of this tier: ``<priority>`` or ``<priority>:<queue>``."""
    queue = tier.queue.name if tier.queue_id is not None and tier.queue is not None else ""
    return f"{tier.priority}:{queue}" if queue else str(tier.priority)


def contact_entries(contact: Contact) -> dict[str, str]:
    """The keys and value of one contact (none for an ordinary caller)."""
    if contact.tier is None:
        return {}
    value = tier_value(contact.tier)
    return dict.fromkeys(number_keys(contact.phone), value)


def wanted_entries() -> dict[str, str]:
    """Every key the nodes should hold. Two contacts on one key (rare: a short number equal to another's
    national form) resolve to the higher priority."""
    wanted: dict[str, str] = {}
    contacts = Contact.objects.filter(tier__isnull=False).select_related("tier__queue").order_by("pk")
    for contact in contacts.iterator(chunk_size=2000):
        for key, value in contact_entries(contact).items():
            if key not in wanted or _priority(value) > _priority(wanted[key]):
                wanted[key] = value
    return wanted


def _priority(value: str) -> int:
    return int(value.split(":", 1)[0])


@dataclass
class NodeResult:
    """What one node got: keys put and deleted, or why it could not be reached (``error``)."""

    server: str
    put: int = 0
    deleted: int = 0
    unchanged: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def _timeout() -> float:
    return float(getattr(settings, "VIP_AMI_TIMEOUT", 5.0))


def _servers(names: Iterable[str] | None = None) -> list[AsteriskServer]:
    servers = AsteriskServer.objects.filter(enabled=True).order_by("name")
    if names is not None:
        servers = servers.filter(name__in=list(names))
    return list(servers)


def _put(key: str, value: str) -> tuple[str, dict[str, str]]:
    return "DBPut", {"Family": VIP_FAMILY, "Key": key, "Val": value}


def _delete(key: str) -> tuple[str, dict[str, str]]:
    return "DBDel", {"Family": VIP_FAMILY, "Key": key}


async def _send_all(client: AMIClient, changes: Mapping[str, str | None], timeout: float) -> None:
    """DBPut (a value) or DBDel (None) each key, in batches on one connection. Deleting a key the node
    does not hold is the wanted state already; any other refusal raises ``AMIActionError``."""

    async def one(name: str, headers: dict[str, str]) -> None:
        try:
            await client.action(name, headers, timeout=timeout)
        except AMIActionError as exc:
            if name == "DBDel" and exc.message.lower() in _NOT_FOUND:
                return
            raise

    actions = [
        _put(key, value) if value is not None else _delete(key) for key, value in sorted(changes.items())
    ]
    for start in range(0, len(actions), BATCH):
        await asyncio.gather(*(one(name, headers) for name, headers in actions[start : start + BATCH]))


def _key_of(event: Message) -> str:
    """The key of a DBGetTreeResponse: Asterisk answers the full path, ``/cc-vip/<key>``."""
    key = event.get("Key") or ""
    prefix = f"/{VIP_FAMILY}/"
    return key[len(prefix) :] if key.startswith(prefix) else key


async def _read_family(client: AMIClient, timeout: float) -> dict[str, str]:
    _response, events = await client.action_list("DBGetTree", {"Family": VIP_FAMILY}, timeout=timeout)
    return {_key_of(event): event.get("Val") or "" for event in events if event.event == "DBGetTreeResponse"}


async def _on_node(
    server: AsteriskServer, changes: Mapping[str, str | None], wanted: dict[str, str] | None
) -> NodeResult:
    """Put/delete ``changes``; with ``wanted`` (a full sync) the changes are the diff against what the node
    holds (DBGetTree) instead."""
    timeout = _timeout()
    result = NodeResult(server.name)
    client = client_for(server, action_timeout=timeout, ping_interval=0, reconnect=False)
    try:
        await client.connect()
        if wanted is not None:
            current = await _read_family(client, timeout)
            diff: dict[str, str | None] = {
                key: value for key, value in wanted.items() if current.get(key) != value
            }
            diff.update(dict.fromkeys(set(current) - set(wanted)))
            result.unchanged = sum(1 for key, value in wanted.items() if current.get(key) == value)
            changes = diff
        await _send_all(client, changes, timeout)
    finally:
        await client.close()
    result.put = sum(1 for value in changes.values() if value is not None)
    result.deleted = len(changes) - result.put
    return result


def _run(
    server: AsteriskServer, changes: Mapping[str, str | None], wanted: dict[str, str] | None = None
) -> NodeResult:
    try:
        return asyncio.run(_on_node(server, changes, wanted))
    except (AMIError, OSError, ValueError) as exc:
        # ValueError: the node's AMI secret is to come from an environment variable that is not set.
        log.warning("event=vip_push_failed server=%s error=%s", server.name, exc)
        return NodeResult(server.name, error=str(exc) or type(exc).__name__)


def push(changes: Mapping[str, str | None], servers: Iterable[str] | None = None) -> list[NodeResult]:
    """Put (value) or delete (None) these keys on every enabled node, or on the named ones."""
    if not changes:
        return []
    return [_run(server, changes) for server in _servers(servers)]


def sync_server(server: AsteriskServer) -> NodeResult:
    """Make the node's family exactly the wanted keys (a diff against DBGetTree); idempotent."""
    # The database is read before the event loop starts (Django's ORM is synchronous).
    return _run(server, {}, wanted_entries())


def sync_servers(names: Iterable[str] | None = None) -> list[NodeResult]:
    """``sync_server`` on every enabled node, or on the named ones; unreachable nodes are in the results."""
    wanted = wanted_entries()
    return [_run(server, {}, wanted) for server in _servers(names)]


# --- actions: the writes that change what the nodes should hold, and the sync ----------------------------


def changes_between(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, str | None]:
    """The keys to put (new or changed value) and to delete (gone) to go from ``before`` to ``after``."""
    changes: dict[str, str | None] = {key: value for key, value in after.items() if before.get(key) != value}
    changes.update(dict.fromkeys(set(before) - set(after)))
    return changes


def entries_of(instance: Contact | ContactTier) -> dict[str, str]:
    """What the nodes hold for a contact, or for all contacts of a tier, as the database says now."""
    if instance.pk is None:
        return {}
    if isinstance(instance, Contact):
        stored = Contact.objects.select_related("tier__queue").filter(pk=instance.pk).first()
        return contact_entries(stored) if stored is not None else {}
    entries: dict[str, str] = {}
    for contact in Contact.objects.select_related("tier__queue").filter(tier_id=instance.pk):
        entries.update(contact_entries(contact))
    return entries


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
