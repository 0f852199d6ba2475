"""Taking a callback request's held turn out of the queue over AMI, once someone else calls back."""

from __future__ import annotations

import logging
import re

from callcenter.ami.errors import AMIActionError, AMIError
from callcenter.ami.sync import call_action
from callcenter.pbx.models import AsteriskServer
from callcenter.stats.models import Callback, CallbackTurn

log = logging.getLogger(__name__)


AMI_TIMEOUT_S = 5.0


# Call ids and queue names as Asterisk writes them; anything else is never put into an AMI pattern.
_SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,128}")


# The held turn of a request (dialplans/callback.conf): its Local channel, and the AstDB family whose key
# (the request's callid) tells a turn answered later that the request was handled elsewhere.
HELD_TURN_FAMILY = "cc-callback"


HELD_TURN_CONTEXT = "cc-callback-hold"


_REGEX_SPECIAL = frozenset(".[]{}()\\*+?^$|")


def _regex_literal(value: str) -> str:
    return "".join("\\" + char if char in _REGEX_SPECIAL else char for char in value)


def held_turn_channels(entry: Callback) -> str:
    """The AMI Hangup pattern of a request's held turn: both halves of its Local channel."""
    exten = f"[0-9]+-{_regex_literal(entry.queue)}\\+{_regex_literal(entry.request_callid)}"
    return f"/^Local/{exten}@{HELD_TURN_CONTEXT}-/"


def release_held_turn(entry: Callback) -> bool:
    """Take a request's held turn out of the queue, now that someone else calls the customer back.

    Two steps over AMI, on the node that wrote the request: DBPut ``cc-callback/<request callid>``, which
    the turn's dialplan checks before it dials the customer (if an agent answers it at this very moment),
    then Hangup of the turn's Local channel, which leaves the queue (ABANDON in queue_log). Best effort: a
    node that cannot be reached is logged, and the flag or the turn's own timeout end the turn.
    """
    if entry.kind != Callback.Kind.REQUEST or not entry.request_callid or not entry.server:
        return False
    if not (_SAFE_NAME.fullmatch(entry.request_callid) and _SAFE_NAME.fullmatch(entry.queue)):
        return False
    ended = CallbackTurn.objects.filter(
        server=entry.server, request_callid=entry.request_callid, ended_at__isnull=False
    )
    if ended.exists():
        return False
    server = AsteriskServer.objects.filter(name=entry.server, enabled=True).first()
    if server is None:
        return False
    flag = {"Family": HELD_TURN_FAMILY, "Key": entry.request_callid, "Val": "handled"}
    if not _held_turn_action(entry, server, "DBPut", flag):
        return False
    return _held_turn_action(
        entry, server, "Hangup", {"Channel": held_turn_channels(entry)}, must_succeed=True
    )


def _held_turn_action(
    entry: Callback, server: AsteriskServer, name: str, headers: dict[str, str], *, must_succeed: bool = False
) -> bool:
    """One AMI action for a held turn: False when Asterisk could not be reached, or refused an action
    that ``must_succeed``."""
    try:
        call_action(server, name, headers, timeout=AMI_TIMEOUT_S)
    except AMIActionError as exc:
        # DBPut refused, or Hangup found no such channel: the turn is gone already.
        log.info("event=callback_turn_%s_refused callback=%s detail=%s", name.lower(), entry.pk, exc.message)
        return not must_succeed
    except (AMIError, OSError) as exc:
        log.warning("event=callback_turn_release_failed callback=%s error=%s", entry.pk, exc)
        return False
    return True
