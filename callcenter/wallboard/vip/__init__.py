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

from callcenter.wallboard.vip.entries import (
    changes_between,
    contact_entries,
    entries_of,
    number_keys,
    tier_value,
    wanted_entries,
)
from callcenter.wallboard.vip.nodes import NodeResult, push, sync_server, sync_servers
from callcenter.wallboard.vip.writes import delete, push_on_commit, save, sync

__all__ = [
    "NodeResult",
    "changes_between",
    "contact_entries",
    "delete",
    "entries_of",
    "number_keys",
    "push",
    "push_on_commit",
    "save",
    "sync",
    "sync_server",
    "sync_servers",
    "tier_value",
    "wanted_entries",
]
