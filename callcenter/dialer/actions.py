"""The one place that writes the dialer's data: imports, claims, dials, call events, dispositions, status.

Safety rules enforced here (and tested with concurrent workers against PostgreSQL):
* a lead is claimed by one worker only (``SELECT ... FOR UPDATE SKIP LOCKED``);
* an Originate carries ``dialer-<attempt id>`` as its ActionID and is never re-sent: a lost link marks the
  attempt unknown, and later events (OriginateResponse, Hangup or Cdr with the account code) settle it;
* nothing is dialled outside the callee's call window, to a do-not-call number, beyond a cap, without the
  AMI link or without a logged-in agent;
* an answered call not bridged within ``BRIDGE_GRACE_S`` is abandoned and not recalled for 72 hours.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from phonenumbers import timezone as phone_timezone

from callcenter.agents.models import Agent
from callcenter.audit.actions import delete_audited, record, save_validated
from callcenter.core.phones import BadNumber, normalise_phone
from callcenter.core.validators import caller_id_name
from callcenter.dialer.models import (
    AgentDisposition,
    Attempt,
    Campaign,
    ContactList,
    DialerAgentState,
    DNCEntry,
    Lead,
    Outcome,
)
from callcenter.dialer.nodes import unreachable_agents
from callcenter.dialer.pacing import (
    BRIDGE_GRACE_S,
    CallStats,
    OutcomeWindow,
    PacingEngine,
    PacingState,
    engine_for,
)
from callcenter.dialer.transport import (
    DialerTransport,
    OriginateRejected,
    OriginateRequest,
    TransportLost,
    TransportUnavailable,
)
from callcenter.pbx.models import InboundRoute, IVRMenu, IVROption, Queue, Schedule
from callcenter.stats import actions as stats_actions
from callcenter.stats.models import Callback

M = TypeVar("M", bound=models.Model)

ABANDON_RECALL_DELAY = dt.timedelta(hours=72)
UNKNOWN_SETTLE_AFTER = dt.timedelta(minutes=10)
# OriginateResponse Reason codes (Asterisk's AST_CONTROL_* values), see the s07_outbound recording.
REASON_OUTCOMES = {
    0: Outcome.FAILED,
    1: Outcome.FAILED,
    3: Outcome.NO_ANSWER,
    4: Outcome.ANSWERED,
    5: Outcome.BUSY,
    8: Outcome.CONGESTION,
}
ACTION_ID_PREFIX = "dialer-"
DIALER_USER_EVENTS = ("DialerAbandon", "DialerBridged", "DialerMachine")
CLAIMABLE_STATES = (Lead.State.NEW, Lead.State.RETRY, Lead.State.CALLBACK)

logger = logging.getLogger(__name__)


def save(actor: Any, instance: M, *, m2m: dict[str, Any] | None = None) -> M:
    """Create or update a campaign, contact list or DNC entry (validated and audited).

    A new callbacks campaign without business hours takes its queue's (``queue_schedule``).
    """
    if (
        isinstance(instance, Campaign)
        and instance.pk is None
        and instance.kind == Campaign.Kind.CALLBACKS
        and instance.schedule_id is None
        and instance.queue is not None
    ):
        instance.schedule = queue_schedule(instance.queue)
    return save_validated(actor, instance, m2m=m2m)


def delete(actor: Any, instance: models.Model) -> None:
    delete_audited(actor, instance)


# --- numbers, time zones, do-not-call -----------------------------------------------------------------


def lead_time_zone(e164: str, explicit: str = "") -> str:
    """The callee's zone: the given one, else the number's own when it names exactly one ("" = campaign's)."""
    if explicit:
        return explicit
    zones = [zone for zone in phone_timezone.time_zones_for_number(phonenumbers.parse(e164)) if "/" in zone]
    # Mobile ranges span many zones; the campaign's fallback zone is then the honest answer.
    return zones[0] if len(zones) == 1 and zones[0] != "Etc/Unknown" else ""


def dnc_numbers(campaign: Campaign, phones: Iterable[str]) -> set[str]:
    """Those of ``phones`` on the global or this campaign's do-not-call list."""
    return set(
        DNCEntry.objects.filter(
            Q(campaign__isnull=True) | Q(campaign=campaign), phone__in=list(phones)
        ).values_list("phone", flat=True)
    )


def is_dnc(campaign: Campaign, phone: str) -> bool:
    return bool(dnc_numbers(campaign, [phone]))


def add_dnc(actor: Any, phone: str, *, campaign: Campaign | None = None, reason: str = "") -> DNCEntry:
    """Put a number on the do-not-call list and take its waiting leads out of the dialer."""
    e164 = normalise_phone(phone)
    with transaction.atomic():
        entry, _created = DNCEntry.objects.get_or_create(
            phone=e164, campaign=campaign, defaults={"reason": reason}
        )
        leads = Lead.objects.filter(phone=e164, state__in=(*CLAIMABLE_STATES, Lead.State.PREVIEW))
        if campaign is not None:
            leads = leads.filter(campaign=campaign)
        callbacks = list(leads.filter(callback__isnull=False).select_related("campaign"))
        leads.update(state=Lead.State.DNC, preview_agent=None)
        record(actor, "dialer.dnc_add", entry, detail=reason)
        for lead in callbacks:
            lead.state = Lead.State.DNC
            _settle_callback(actor, lead)
    return entry


# --- contact import -----------------------------------------------------------------------------------

LEAD_FIELDS = ("phone", "name", "tz")


@dataclass
class RowError:
    """A row left out of an import: its line in the file and why."""

    line: int
    reason: str
    value: str = ""


@dataclass
class ImportPreview:
    """What an import would do: the columns, the first good rows and every bad row."""

    columns: list[str]
    good: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def good_count(self) -> int:
        return len(self.good)


class ImportFileError(ValueError):
    """The file itself cannot be read (not CSV/XLSX, no header, no phone column)."""


def read_table(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and rows (with their line numbers) of a CSV or XLSX file."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
        sheet = workbook.worksheets[0]
        rows = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        workbook.close()
        numbered = list(enumerate(rows, start=1))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The file is not UTF-8 text.")) from exc
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        numbered = [(reader.line_num, [cell.strip() for cell in row]) for row in reader]
    numbered = [(line, row) for line, row in numbered if any(row)]
    if not numbered:
        raise ImportFileError(_("The file has no rows."))
    header = numbered[0][1]
    return header, numbered[1:]


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """A first guess of which column holds the phone, name and time zone."""
    hints = {
        "phone": ("phone", "number", "tel", "телефон", "номер"),
        "name": ("name", "имя", "фио"),
        "tz": ("tz", "timezone", "time zone", "пояс"),
    }
    mapping: dict[str, str] = {}
    for target, words in hints.items():
        for column in columns:
            if any(word in column.lower() for word in words) and column not in mapping.values():
                mapping[target] = column
                break
    return mapping


def preview_import(
    campaign: Campaign, data: bytes, filename: str, mapping: Mapping[str, str], *, region: str | None = None
) -> ImportPreview:
    """Check every row against the mapping, duplicates and the do-not-call list; write nothing."""
    columns, rows = read_table(data, filename)
    if mapping.get("phone") not in columns:
        raise ImportFileError(_("Choose the column that holds the phone number."))
    index = {name: position for position, name in enumerate(columns)}
    extra_columns = [
        name for name in columns if name and name not in {mapping.get(key) for key in LEAD_FIELDS}
    ]
    preview = ImportPreview(columns=columns)
    candidates: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for line, row in rows:

        def cell(column: str | None, row: list[str] = row) -> str:
            position = index.get(column or "")
            return row[position] if position is not None and position < len(row) else ""

        raw_phone = cell(mapping.get("phone"))
        try:
            e164 = normalise_phone(raw_phone, region)
        except BadNumber as exc:
            preview.errors.append(RowError(line, str(exc), raw_phone))
            continue
        if e164 in seen:
            preview.errors.append(
                RowError(line, _("duplicate of line %(line)s") % {"line": seen[e164]}, raw_phone)
            )
            continue
        seen[e164] = line
        tz_value = cell(mapping.get("tz"))
        if tz_value:
            try:
                from callcenter.core.validators import validate_time_zone

                validate_time_zone(tz_value)
            except ValidationError:
                preview.errors.append(
                    RowError(line, _("unknown time zone “%(tz)s”") % {"tz": tz_value[:40]}, raw_phone)
                )
                continue
        candidates.append(
            (
                line,
                {
                    "phone": e164,
                    "name": cell(mapping.get("name"))[:120],
                    "tz": lead_time_zone(e164, tz_value),
                    "fields": {name: cell(name) for name in extra_columns},
                },
            )
        )
    blocked = dnc_numbers(campaign, seen)
    existing = set(
        Lead.objects.filter(campaign=campaign, phone__in=list(seen)).values_list("phone", flat=True)
    )
    for line, values in candidates:
        if values["phone"] in blocked:
            preview.errors.append(RowError(line, _("on the do-not-call list"), values["phone"]))
        elif values["phone"] in existing:
            preview.errors.append(RowError(line, _("already in this campaign"), values["phone"]))
        else:
            preview.good.append(values)
    preview.errors.sort(key=lambda error: error.line)
    return preview


def import_contacts(
    actor: Any,
    campaign: Campaign,
    data: bytes,
    filename: str,
    mapping: Mapping[str, str],
    *,
    list_name: str = "",
    region: str | None = None,
) -> tuple[ContactList, ImportPreview]:
    """Import the good rows in one transaction; the bad ones are returned with their line and reason."""
    with transaction.atomic():
        # Serialise imports into one campaign so two uploads cannot both insert the same number.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        preview = preview_import(campaign, data, filename, mapping, region=region)
        contact_list = ContactList(
            campaign=campaign,
            name=(list_name or filename)[:120],
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            imported_rows=preview.good_count,
            rejected_rows=len(preview.errors),
        )
        contact_list.save()
        Lead.objects.bulk_create(
            [Lead(campaign=campaign, contact_list=contact_list, **values) for values in preview.good]
        )
        record(
            actor,
            "dialer.import",
            contact_list,
            changes={"imported": preview.good_count, "rejected": len(preview.errors)},
        )
    return contact_list, preview


# --- campaign status and agents --------------------------------------------------------------------


def set_campaign_status(actor: Any, campaign: Campaign, status: str) -> Campaign:
    """Start, pause, resume or stop a campaign (a stopped campaign stays stopped)."""
    allowed = {
        Campaign.Status.DRAFT: {Campaign.Status.RUNNING, Campaign.Status.STOPPED},
        Campaign.Status.RUNNING: {Campaign.Status.PAUSED, Campaign.Status.STOPPED},
        Campaign.Status.PAUSED: {Campaign.Status.RUNNING, Campaign.Status.STOPPED},
        Campaign.Status.STOPPED: set(),
    }
    if status not in allowed[Campaign.Status(campaign.status)]:
        raise ValidationError(
            _("A %(old)s campaign cannot become %(new)s.") % {"old": campaign.status, "new": status}
        )
    old = campaign.status
    with transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(status=status, updated_at=timezone.now())
        campaign.status = status
        record(actor, "dialer.status", campaign, changes={"status": [old, status]})
        if status == Campaign.Status.STOPPED:
            _give_callbacks_back(actor, campaign)
    return campaign


def _give_callbacks_back(actor: Any, campaign: Campaign) -> None:
    """A stopped campaign's callbacks not being dialled go back to the list (open, or assigned as before)."""
    waiting = Lead.objects.filter(
        campaign=campaign, callback__isnull=False, state__in=(*CLAIMABLE_STATES, Lead.State.PREVIEW)
    )
    entries = Callback.objects.filter(pk__in=waiting.values("callback_id"), status=Callback.Status.DIALING)
    for entry in entries:
        stats_actions.take_from_dialer(actor, entry, campaign.name)
    waiting.update(state=Lead.State.DONE, preview_agent=None, locked_by="", locked_at=None)


def set_agent_status(agent: Agent, status: str, *, campaign: Campaign | None = None) -> DialerAgentState:
    """Record that an agent joined, left, took or finished a dialer call."""
    state, _created = DialerAgentState.objects.update_or_create(
        agent=agent,
        defaults={"status": status, "since": timezone.now(), **({"campaign": campaign} if campaign else {})},
    )
    return state


def leave_dialer(actor: Any, agent: Agent) -> int:
    """The agent leaves every campaign: logged out of the dialer, and the leads held for their preview go back
    to the list to be tried again. Audited; returns how many leads were released."""
    with transaction.atomic():
        set_agent_status(agent, DialerAgentState.Status.LOGGED_OUT)
        released = Lead.objects.filter(preview_agent=agent, state=Lead.State.PREVIEW).update(
            state=Lead.State.RETRY, preview_agent=None, locked_by="", locked_at=None
        )
        record(actor, "dialer.agent_leave", agent, changes={"released_previews": released})
    return released


def record_pacing_gain(campaign_id: int, gain: float) -> None:
    """Keep the predictive engine's learned gain for the campaign's next run (the dialer loop's own state)."""
    Campaign.objects.filter(pk=campaign_id).update(pacing_gain=gain)


def campaign_agent_counts(campaign: Campaign) -> dict[str, int]:
    counts = dict(
        DialerAgentState.objects.filter(campaign=campaign).values_list("status").annotate(n=Count("id"))
    )
    return {status: int(counts.get(status, 0)) for status in DialerAgentState.Status.values}


# --- measuring and pacing --------------------------------------------------------------------------


def measure(campaign: Campaign, now: dt.datetime) -> CallStats:
    """The campaign's rolling call statistics, built from its attempts with the pacing module's window."""
    window = OutcomeWindow()
    since = now - dt.timedelta(seconds=window.abandon_window_s)
    epoch = now.timestamp()
    day_start = now.astimezone(timezone.get_current_timezone()).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    rows = (
        Attempt.objects.filter(campaign=campaign, originated_at__gte=min(since, day_start))
        .exclude(state__in=(Attempt.State.ORIGINATING, Attempt.State.RINGING, Attempt.State.UNKNOWN))
        .values_list("originated_at", "answered_at", "bridged_at", "ended_at", "outcome", "abandoned")
        .order_by("originated_at")
    )
    for originated, answered, bridged, ended, outcome, abandoned in rows:
        settled = answered or ended or originated
        in_window = originated >= since
        if answered is not None:
            if in_window:
                window.record_answer(settled.timestamp(), (answered - originated).total_seconds())
            else:
                window.day_answered += 1
            if abandoned:
                if in_window:
                    window.record_abandon(settled.timestamp())
                else:
                    window.day_abandoned += 1
            if bridged is not None and ended is not None:
                window.record_handle((ended - bridged).total_seconds())
        elif outcome and in_window:
            window.record_failure(settled.timestamp(), (settled - originated).total_seconds())
    return window.snapshot(epoch)


def busy_elsewhere(agents: Iterable[Agent]) -> set[int]:
    """The agents the live state shows occupied by something else: an inbound call, ringing, paused,
    in wrap-up or unavailable. A dialer-ready agent on an inbound call is not free: dialing for them
    would leave the answered callee with nobody to talk to (an abandoned call).

    The live state is the bridge's snapshot; without one (no bridge running) nothing is excluded.
    """
    import redis

    from callcenter.live.store import read_all

    try:
        live_agents = read_all()["agents"]
    except (redis.RedisError, OSError):
        logger.warning("event=dialer_live_state_unavailable the dialer paces on its own agent states")
        return set()
    by_interface = dict(live_agents)
    by_name = {agent.get("name"): agent for agent in live_agents.values()}
    busy = set()
    for agent in agents:
        live = by_interface.get(agent.effective_interface) or by_name.get(agent.member_name)
        if live is not None and live.get("state") != "idle":
            busy.add(agent.pk)
    return busy


def pacing_state(campaign: Campaign, now: dt.datetime, *, link_up: bool) -> PacingState:
    counts = campaign_agent_counts(campaign)
    ready_agents = Agent.objects.filter(
        dialer_state__campaign=campaign, dialer_state__status=DialerAgentState.Status.READY
    )
    occupied = busy_elsewhere(ready_agents)
    # Agents only a lost node of the campaign's group can reach are not counted at all.
    unreachable = unreachable_agents(campaign, ready_agents) - occupied
    counts[DialerAgentState.Status.READY] -= len(occupied) + len(unreachable)
    counts[DialerAgentState.Status.ON_CALL] += len(occupied)
    in_flight = list(
        Attempt.objects.filter(
            campaign=campaign, state__in=(Attempt.State.ORIGINATING, Attempt.State.RINGING)
        ).values_list("originated_at", flat=True)
    )
    waiting = Attempt.objects.filter(campaign=campaign, state=Attempt.State.ANSWERED).count()
    ready = counts[DialerAgentState.Status.READY]
    busy = counts[DialerAgentState.Status.ON_CALL] + counts[DialerAgentState.Status.WRAPUP]
    return PacingState(
        now=now.timestamp(),
        agents_logged_in=ready + busy,
        agents_free=ready,
        agents_busy=busy,
        ringing_ages_s=tuple((now - at).total_seconds() for at in in_flight),
        waiting_calls=waiting,
        stats=measure(campaign, now),
        target_abandon_pct=campaign.target_abandon_pct,
        max_dial_ratio=campaign.max_dial_ratio,
        link_up=link_up,
    )


def open_time_zones(campaign: Campaign, now: dt.datetime) -> list[str]:
    """The lead time-zone values of this campaign whose call window is open now."""
    zones = (
        Lead.objects.filter(campaign=campaign, state__in=CLAIMABLE_STATES)
        .values_list("tz", flat=True)
        .distinct()
    )
    return [zone for zone in zones if campaign.window_open(now, zone or campaign.time_zone)]


def remaining_cap(campaign: Campaign, now: dt.datetime) -> int | None:
    """How many more dials the daily and total caps allow (None: no cap)."""
    limits: list[int] = []
    if campaign.daily_cap:
        day_start = now.astimezone(timezone.get_current_timezone()).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        today = Attempt.objects.filter(campaign=campaign, originated_at__gte=day_start).count()
        limits.append(campaign.daily_cap - today)
    if campaign.total_cap:
        limits.append(campaign.total_cap - Attempt.objects.filter(campaign=campaign).count())
    return max(0, min(limits)) if limits else None


def hours_open(campaign: Campaign, now: dt.datetime) -> bool:
    """Whether the campaign's business hours (if it has any) are open: a weekday rule holds ``now`` in the
    schedule's time zone, and that day is none of the schedule's holidays."""
    schedule = campaign.schedule
    if schedule is None:
        return True
    local = now.astimezone(zoneinfo.ZoneInfo(schedule.time_zone))
    if schedule.holidays.filter(date=local.date()).exists():
        return False
    clock = local.time().replace(tzinfo=None)
    return schedule.rules.filter(weekday=local.weekday(), opens__lte=clock, closes__gt=clock).exists()


def campaign_may_dial(campaign: Campaign, now: dt.datetime) -> bool:
    if campaign.status != Campaign.Status.RUNNING:
        return False
    if campaign.starts_at and now < campaign.starts_at:
        return False
    if campaign.ends_at and now >= campaign.ends_at:
        return False
    return hours_open(campaign, now)


def claim_leads(
    campaign: Campaign, count: int, worker: str, now: dt.datetime, *, agent: Agent | None = None
) -> list[Lead]:
    """Lock up to ``count`` dialable leads for ``worker``; concurrent workers never get the same lead.

    Must run inside a transaction; the row locks (FOR UPDATE SKIP LOCKED) last until it commits, by which
    time the claimed leads are marked dialing and no longer claimable. For a preview ``agent``, a lead
    given to a team goes to that team's agents only, before the others.
    """
    if count <= 0:
        return []
    zones = open_time_zones(campaign, now)
    if not zones:
        return []
    blocked = DNCEntry.objects.filter(Q(campaign__isnull=True) | Q(campaign=campaign)).values("phone")
    candidates = (
        Lead.objects.select_for_update(skip_locked=True)
        .filter(campaign=campaign, state__in=CLAIMABLE_STATES, tz__in=zones)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .exclude(phone__in=blocked)
    )
    order: list[Any] = [
        models.Case(models.When(state=Lead.State.CALLBACK, then=0), default=1),
        models.F("next_attempt_at").asc(nulls_first=True),
        "id",
    ]
    if agent is not None:
        candidates = candidates.filter(Q(team__isnull=True) | Q(team_id=agent.team_id))
        order.insert(0, models.Case(models.When(team__isnull=False, then=0), default=1))
    candidates = candidates.order_by(*order)[:count]
    leads = list(candidates)
    for lead in leads:
        lead.state = Lead.State.DIALING
        lead.locked_by = worker
        lead.locked_at = now
    Lead.objects.bulk_update(leads, ["state", "locked_by", "locked_at"])
    return leads


def originate_request(campaign: Campaign, attempt: Attempt) -> OriginateRequest:
    if campaign.trunk is not None:
        channel = f"PJSIP/{campaign.trunk.outbound_prefix}{attempt.phone.lstrip('+')}@{campaign.trunk.name}"
    else:
        channel = f"Local/{attempt.phone.lstrip('+')}@cc-dialer-out"
    # Names reach the dialplan and the SIP display name only made safe (caller_id_name), at this moment.
    display = caller_id_name(campaign.caller_id_name)
    caller_id = f'"{display}" <{campaign.caller_id}>' if display else campaign.caller_id
    variables = {"CAMPAIGN": campaign.name, "LEAD_ID": str(attempt.lead_id), "ATTEMPT_ID": str(attempt.pk)}
    if attempt.agent is not None:
        # A preview call belongs to the agent who clicked: the context dials that agent, not the queue,
        # and shows the agent's phone the callee's name.
        variables["AGENT_INTERFACE"] = attempt.agent.effective_interface
        callee = caller_id_name(attempt.lead.name) if attempt.lead_id else ""
        if callee:
            variables["CC_CALLEE_NAME"] = callee
        exten = "agent"
    else:
        # The answered-call context sends extension <queue> into that queue (see docs/dialer.md); with a
        # queue priority the answered call is served before the callers waiting there (QUEUE_PRIO).
        exten = campaign.queue.name if campaign.queue is not None else "s"
        if campaign.queue_priority:
            variables["QUEUE_PRIO"] = str(campaign.queue_priority)
    return OriginateRequest(
        action_id=attempt.action_id,
        channel=channel,
        context=campaign.dial_context,
        exten=exten,
        caller_id=caller_id,
        timeout_ms=campaign.ring_timeout_s * 1000,
        account=attempt.action_id,
        variables=variables,
    )


def _start_attempts(campaign: Campaign, count: int, worker: str, now: dt.datetime) -> list[Attempt]:
    with transaction.atomic():
        leads = claim_leads(campaign, count, worker, now)
        attempts = [
            Attempt(campaign=campaign, lead=lead, phone=lead.phone, worker=worker, originated_at=now)
            for lead in leads
        ]
        Attempt.objects.bulk_create(attempts)
        Lead.objects.filter(pk__in=[lead.pk for lead in leads]).update(attempts=models.F("attempts") + 1)
    return attempts


def send_attempt(campaign: Campaign, attempt: Attempt, transport: DialerTransport) -> bool:
    """Send one attempt's Originate once. False when the link is gone (the caller stops dialing)."""
    if is_dnc(campaign, attempt.phone):
        # Added to the list between the claim and now: never dialled.
        _finish(
            attempt,
            Outcome.FAILED,
            timezone.now(),
            detail="do-not-call at dial time",
            lead_state=Lead.State.DNC,
        )
        return True
    try:
        transport.originate(originate_request(campaign, attempt))
    except TransportLost as exc:
        # Only if no event settled it meanwhile (the bridge's session may have seen its OriginateResponse).
        Attempt.objects.filter(pk=attempt.pk, state=Attempt.State.ORIGINATING).update(
            state=Attempt.State.UNKNOWN, detail=str(exc)[:200]
        )
        return False
    except TransportUnavailable as exc:
        # Nothing left this machine: the lead goes back untouched (the attempt did not happen).
        with transaction.atomic():
            Lead.objects.filter(pk=attempt.lead_id).update(
                state=Lead.State.RETRY, attempts=models.F("attempts") - 1, locked_by="", locked_at=None
            )
            Attempt.objects.filter(pk=attempt.pk).delete()
        record(None, "dialer.link_down", campaign, result="error", detail=str(exc)[:200])
        return False
    except OriginateRejected as exc:
        _finish(attempt, Outcome.FAILED, timezone.now(), detail=str(exc)[:200])
        return True
    Attempt.objects.filter(pk=attempt.pk, state=Attempt.State.ORIGINATING).update(state=Attempt.State.RINGING)
    return True


def dial(
    campaign: Campaign, count: int, transport: DialerTransport, *, worker: str, now: dt.datetime | None = None
) -> int:
    """Claim and dial up to ``count`` leads, within caps; returns how many Originates were sent."""
    now = now or timezone.now()
    if not transport.connected or not campaign_may_dial(campaign, now):
        return 0
    cap = remaining_cap(campaign, now)
    if cap is not None:
        count = min(count, cap)
    sent = 0
    attempts = _start_attempts(campaign, count, worker, now)
    for position, attempt in enumerate(attempts):
        if not send_attempt(campaign, attempt, transport):
            # The link is down: give the leads not yet sent back, untouched.
            rest = attempts[position + 1 :]
            with transaction.atomic():
                Lead.objects.filter(pk__in=[a.lead_id for a in rest]).update(
                    state=Lead.State.RETRY, attempts=models.F("attempts") - 1, locked_by="", locked_at=None
                )
                Attempt.objects.filter(pk__in=[a.pk for a in rest]).delete()
            break
        sent += 1
    return sent


def pacing_tick(
    campaign: Campaign,
    transport: DialerTransport,
    *,
    worker: str,
    engine: PacingEngine | None = None,
    now: dt.datetime | None = None,
) -> int:
    """One round of the pacing loop for a running campaign: measure, decide, dial."""
    now = now or timezone.now()
    if not campaign_may_dial(campaign, now):
        return 0
    feed_callbacks(campaign, now)
    if campaign.mode == "preview":
        return 0  # preview calls are placed by the agent's click
    state = pacing_state(campaign, now, link_up=transport.connected)
    wanted = (engine or engine_for(campaign.mode)).decide(state)
    return dial(campaign, wanted, transport, worker=worker, now=now) if wanted > 0 else 0


# --- preview mode --------------------------------------------------------------------------------------


def next_preview_lead(agent: Agent, campaign: Campaign, *, now: dt.datetime | None = None) -> Lead | None:
    """The lead this agent previews: the one already held, else a newly claimed one."""
    now = now or timezone.now()
    held = Lead.objects.filter(campaign=campaign, state=Lead.State.PREVIEW, preview_agent=agent).first()
    if held is not None:
        return held
    if not campaign_may_dial(campaign, now):
        return None
    feed_callbacks(campaign, now)
    held = Lead.objects.filter(campaign=campaign, state=Lead.State.PREVIEW, preview_agent=agent).first()
    if held is not None:
        return held
    with transaction.atomic():
        leads = claim_leads(campaign, 1, f"preview:{agent.pk}", now, agent=agent)
        if not leads:
            return None
        Lead.objects.filter(pk=leads[0].pk).update(state=Lead.State.PREVIEW, preview_agent=agent)
    return Lead.objects.get(pk=leads[0].pk)


def dial_preview(
    agent: Agent, lead: Lead, transport: DialerTransport, *, now: dt.datetime | None = None
) -> Attempt | None:
    """The agent clicked "dial": originate to the lead they previewed, bridged to them on answer."""
    now = now or timezone.now()
    campaign = lead.campaign
    if lead.state != Lead.State.PREVIEW or lead.preview_agent_id != agent.pk:
        raise ValidationError(_("This lead is not in your preview."))
    if not campaign_may_dial(campaign, now) or not campaign.window_open(now, lead.tz or campaign.time_zone):
        raise ValidationError(_("The campaign may not call this person now."))
    cap = remaining_cap(campaign, now)
    if cap == 0:
        raise ValidationError(_("The campaign's dialing cap is reached."))
    with transaction.atomic():
        Lead.objects.filter(pk=lead.pk).update(state=Lead.State.DIALING, attempts=models.F("attempts") + 1)
        attempt = Attempt.objects.create(
            campaign=campaign,
            lead=lead,
            agent=agent,
            phone=lead.phone,
            worker=f"preview:{agent.pk}",
            originated_at=now,
        )
    send_attempt(campaign, attempt, transport)
    attempt.refresh_from_db()
    return attempt


# --- AMI events -----------------------------------------------------------------------------------------


def _attempt_for_action_id(action_id: str | None) -> Attempt | None:
    if not action_id or not action_id.startswith(ACTION_ID_PREFIX):
        return None
    number = action_id[len(ACTION_ID_PREFIX) :]
    if not number.isdigit():
        return None
    return Attempt.objects.select_related("campaign", "lead").filter(pk=int(number)).first()


def _reschedule(lead: Lead, campaign: Campaign, outcome: str, now: dt.datetime) -> None:
    rule = campaign.retry_rule(outcome)
    if outcome == Outcome.ABANDONED:
        lead.state, lead.next_attempt_at = Lead.State.RETRY, now + ABANDON_RECALL_DELAY
    elif rule["max"] and lead.attempts < rule["max"]:
        lead.state, lead.next_attempt_at = Lead.State.RETRY, now + dt.timedelta(minutes=rule["delay_min"])
    else:
        lead.state = Lead.State.EXHAUSTED


def _finish(
    attempt: Attempt,
    outcome: str,
    now: dt.datetime,
    *,
    detail: str = "",
    lead_state: str | None = None,
    reason_code: int | None = None,
) -> None:
    """Close an attempt with its outcome and decide what happens to the lead next."""
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=attempt.lead_id)
        attempt.outcome = outcome
        attempt.state = Attempt.State.ENDED
        attempt.ended_at = attempt.ended_at or now
        if reason_code is not None:
            attempt.reason_code = reason_code
        if detail:
            attempt.detail = detail[:200]
        attempt.save(update_fields=["outcome", "state", "ended_at", "reason_code", "detail", "abandoned"])
        lead.last_outcome = outcome
        lead.locked_by, lead.locked_at = "", None
        if lead_state is not None:
            lead.state = lead_state
        elif outcome in (Outcome.ANSWERED,):
            # An answered and bridged call waits for the agent's disposition.
            lead.state = Lead.State.DIALING
        else:
            _reschedule(lead, attempt.campaign, outcome, now)
        lead.save(update_fields=["state", "next_attempt_at", "last_outcome", "locked_by", "locked_at"])
        _settle_callback(None, lead, attempt)


def on_originate_response(message: Mapping[str, str] | Any, now: dt.datetime | None = None) -> Attempt | None:
    """OriginateResponse: Reason 4 answered; 5 busy, 3 no answer, 8 congestion, 0/1 failed."""
    now = now or timezone.now()
    attempt = _attempt_for_action_id(message.get("ActionID"))
    if attempt is None or attempt.state in (Attempt.State.ENDED, Attempt.State.BRIDGED):
        return attempt
    try:
        reason = int(message.get("Reason") or "0")
    except ValueError:
        reason = 0
    outcome = REASON_OUTCOMES.get(reason, Outcome.FAILED)
    if outcome == Outcome.ANSWERED:
        attempt.state = Attempt.State.ANSWERED
        attempt.answered_at = attempt.answered_at or now
        attempt.reason_code = reason
        attempt.channel = (message.get("Channel") or "")[:120]
        uniqueid = message.get("Uniqueid") or ""
        attempt.uniqueid = "" if uniqueid.startswith("<") else uniqueid[:64]
        attempt.save(update_fields=["state", "answered_at", "reason_code", "channel", "uniqueid"])
        return attempt
    _finish(attempt, outcome, now, reason_code=reason)
    return attempt


def on_bridged(attempt: Attempt, agent: Agent | None, now: dt.datetime | None = None) -> Attempt:
    """The answered call reached an agent; later than the grace period it still counts as abandoned."""
    now = now or timezone.now()
    attempt.bridged_at = now
    attempt.agent = agent or attempt.agent
    attempt.state = Attempt.State.BRIDGED
    answered = attempt.answered_at or now
    attempt.abandoned = (now - answered).total_seconds() > BRIDGE_GRACE_S
    attempt.save(update_fields=["bridged_at", "agent", "state", "abandoned"])
    if attempt.agent is not None:
        set_agent_status(attempt.agent, DialerAgentState.Status.ON_CALL, campaign=attempt.campaign)
    return attempt


def on_abandoned(attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """No agent within the grace period: the dialplan played the message; log it, no recall for 72 h."""
    now = now or timezone.now()
    attempt.abandoned = True
    _finish(attempt, Outcome.ABANDONED, now, detail="no agent within the grace period")
    record(None, "dialer.abandoned", attempt, detail=attempt.phone)
    return attempt


def on_hangup(attempt: Attempt, now: dt.datetime | None = None, *, disposition: str = "") -> Attempt:
    """The call's channel hung up: settles the attempt from what is known about it."""
    now = now or timezone.now()
    if attempt.state == Attempt.State.ENDED:
        return attempt
    if attempt.state == Attempt.State.BRIDGED:
        attempt.ended_at = now
        attempt.save(update_fields=["ended_at"])
        _finish(attempt, Outcome.ANSWERED, now)
        if attempt.agent is not None:
            set_agent_status(attempt.agent, DialerAgentState.Status.WRAPUP)
    elif attempt.state == Attempt.State.ANSWERED or disposition == "ANSWERED":
        attempt.answered_at = attempt.answered_at or now
        on_abandoned(attempt, now)
    else:
        outcome = {
            "BUSY": Outcome.BUSY,
            "NO ANSWER": Outcome.NO_ANSWER,
            "CONGESTION": Outcome.CONGESTION,
        }.get(disposition, Outcome.UNKNOWN if attempt.state == Attempt.State.UNKNOWN else Outcome.FAILED)
        _finish(attempt, outcome, now)
    return attempt


def handle_event(message: Mapping[str, str] | Any, now: dt.datetime | None = None) -> Attempt | None:
    """Apply one AMI event to the dialer's attempts (called by the AMI bridge for every event)."""
    event = (message.get("Event") or "").lower()
    if event == "originateresponse":
        return on_originate_response(message, now)
    account = message.get("AccountCode") or message.get("Accountcode") or ""
    attempt = _attempt_for_action_id(account) if account else None
    if attempt is None:
        uniqueid = message.get("Uniqueid") or message.get("UniqueID") or ""
        if uniqueid and event in ("hangup", "agentconnect"):
            attempt = Attempt.objects.select_related("campaign", "lead").filter(uniqueid=uniqueid).first()
    if event == "userevent" and (message.get("UserEvent") or "") in DIALER_USER_EVENTS:
        attempt = _attempt_for_action_id(ACTION_ID_PREFIX + (message.get("AttemptID") or ""))
        if attempt is None:
            return None
        if message.get("UserEvent") == "DialerAbandon":
            return on_abandoned(attempt, now)
        if message.get("UserEvent") == "DialerMachine":
            # The dialplan's answering-machine detection hung up: retried by the machine rule.
            _finish(attempt, Outcome.MACHINE, now or timezone.now(), detail="answering machine")
            return attempt
        agent = Agent.objects.filter(member_name=message.get("MemberName") or "").first()
        return on_bridged(attempt, agent, now)
    if attempt is None:
        return None
    if event == "agentconnect":
        agent = Agent.objects.filter(member_name=message.get("MemberName") or "").first()
        return on_bridged(attempt, agent, now)
    if event == "hangup" and (message.get("Channel") or "").endswith(";2"):
        # The ;2 half of a Local channel hangs up with the ;1 half; one is enough.
        return attempt
    if event == "hangup":
        return on_hangup(attempt, now)
    if event == "cdr":
        return on_hangup(attempt, now, disposition=(message.get("Disposition") or "").upper())
    return attempt


def settle_unknown(now: dt.datetime | None = None, *, older_than: dt.timedelta = UNKNOWN_SETTLE_AFTER) -> int:
    """Close attempts whose fate stayed unknown; their leads wait a full retry delay, never redialled at once.

    Besides the ones marked unknown after a lost link, this takes calls stuck in flight (ringing or answered
    with no further event, e.g. while the event session was down): left alone they would hold pacing back.
    """
    now = now or timezone.now()
    stale = Attempt.objects.select_related("campaign").filter(
        state__in=(
            Attempt.State.UNKNOWN,
            Attempt.State.ORIGINATING,
            Attempt.State.RINGING,
            Attempt.State.ANSWERED,
        ),
        originated_at__lt=now - older_than,
    )
    settled = 0
    for attempt in stale:
        rule = attempt.campaign.retry_rule("no_answer")
        attempts_made = (
            Lead.objects.filter(pk=attempt.lead_id).values_list("attempts", flat=True).first() or 0
        )
        lead_state = Lead.State.RETRY if attempts_made < rule["max"] else Lead.State.EXHAUSTED
        _finish(
            attempt, Outcome.UNKNOWN, now, detail="no event after the link was lost", lead_state=lead_state
        )
        if lead_state == Lead.State.RETRY:
            # The call may well have reached the person: wait at least an hour before trying again.
            Lead.objects.filter(pk=attempt.lead_id).update(
                next_attempt_at=now + dt.timedelta(minutes=max(rule["delay_min"], 60))
            )
        settled += 1
    return settled


# --- dispositions -----------------------------------------------------------------------------------


def record_disposition(
    actor: Any,
    attempt: Attempt,
    code: str,
    *,
    callback_at: dt.datetime | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> AgentDisposition:
    """The agent's conclusion; a callback schedules the lead, "do not call" lists the number."""
    now = now or timezone.now()
    agent = getattr(actor, "agent", None) if getattr(actor, "pk", None) else None
    if callback_at is not None and callback_at <= now:
        raise ValidationError({"callback_at": _("The callback time must be in the future.")})
    with transaction.atomic():
        disposition = AgentDisposition(
            attempt=attempt, agent=agent or attempt.agent, code=code, callback_at=callback_at, note=note
        )
        disposition.save()
        Attempt.objects.filter(pk=attempt.pk).update(disposition=code)
        lead = Lead.objects.select_for_update().get(pk=attempt.lead_id)
        campaign = attempt.campaign
        lead.locked_by, lead.locked_at, lead.preview_agent = "", None, None
        if code == AgentDisposition.Code.CALLBACK:
            lead.state, lead.next_attempt_at = Lead.State.CALLBACK, callback_at
        elif code == AgentDisposition.Code.DO_NOT_CALL:
            lead.state = Lead.State.DNC
            DNCEntry.objects.get_or_create(phone=lead.phone, campaign=campaign, defaults={"reason": "agent"})
        elif code in (AgentDisposition.Code.RETRY, AgentDisposition.Code.MACHINE):
            _reschedule(
                lead, campaign, "machine" if code == AgentDisposition.Code.MACHINE else "disposition", now
            )
        else:
            lead.state = Lead.State.DONE
        lead.save(update_fields=["state", "next_attempt_at", "locked_by", "locked_at", "preview_agent"])
        _settle_callback(actor, lead, attempt, code)
        if disposition.agent is not None:
            DialerAgentState.objects.filter(agent=disposition.agent).update(
                status=DialerAgentState.Status.READY, since=now
            )
        record(actor, "dialer.disposition", attempt, changes={"code": code})
    return disposition


# --- callbacks campaigns ----------------------------------------------------------------------------

# The dispositions that close a callback, with the callback's outcome; the others leave it with the
# dialer (a later call, a retry) until the lead is done, exhausted or on the do-not-call list.
CALLBACK_OUTCOMES: dict[str, str] = {
    AgentDisposition.Code.SALE: Callback.Outcome.CALLED_BACK,
    AgentDisposition.Code.NOT_INTERESTED: Callback.Outcome.CALLED_BACK,
    AgentDisposition.Code.WRONG_NUMBER: Callback.Outcome.WRONG_NUMBER,
    AgentDisposition.Code.DO_NOT_CALL: Callback.Outcome.DO_NOT_CALL,
}
LEAD_STATE_OUTCOMES: dict[str, str] = {
    Lead.State.EXHAUSTED: Callback.Outcome.NO_ANSWER,
    Lead.State.DNC: Callback.Outcome.DO_NOT_CALL,
    Lead.State.DONE: Callback.Outcome.CALLED_BACK,
}
FEED_BATCH = 100


def queue_schedule(queue: Queue) -> Schedule | None:
    """The business hours of a queue: the one schedule of the inbound routes that lead to it (directly or
    through an IVR menu), or None when there is none or more than one."""
    menus = set(IVROption.objects.filter(queue=queue).values_list("menu_id", flat=True))
    menus |= set(IVRMenu.objects.filter(timeout_queue=queue).values_list("pk", flat=True))
    schedules = set(
        InboundRoute.objects.filter(Q(queue=queue) | Q(ivr_id__in=menus), schedule__isnull=False).values_list(
            "schedule_id", flat=True
        )
    )
    return Schedule.objects.filter(pk=schedules.pop()).first() if len(schedules) == 1 else None


def _own(lead: Lead, entry: Callback) -> None:
    """Who a callback's lead belongs to: the agent it is assigned to (held in their preview), the team's
    agents (in preview), or whoever the campaign gives it to."""
    lead.preview_agent_id, lead.team_id = None, None
    if entry.agent_id is not None:
        lead.state, lead.preview_agent_id = Lead.State.PREVIEW, entry.agent_id
    else:
        if lead.state == Lead.State.PREVIEW:
            lead.state = Lead.State.NEW
        lead.team_id = entry.team_id


def feed_callbacks(campaign: Campaign, now: dt.datetime | None = None) -> int:
    """A running callbacks campaign takes the open callbacks of its queue as leads; returns how many.

    Only numbers in E.164, not on a do-not-call list, whose last call is within the campaign's age limit;
    the requests, and with ``callbacks_missed`` the missed calls too. The entry goes "with the dialer"
    (and its held turn leaves the queue), and its lead is reused if the number was called before.
    """
    if campaign.kind != Campaign.Kind.CALLBACKS or campaign.queue is None:
        return 0
    now = now or timezone.now()
    entries = Callback.objects.filter(
        queue=campaign.queue.name,
        status__in=(Callback.Status.OPEN, Callback.Status.ASSIGNED),
        number__startswith="+",
        last_call_at__gte=now - dt.timedelta(hours=campaign.callback_max_age_h),
    )
    if not campaign.callbacks_missed:
        entries = entries.filter(kind=Callback.Kind.REQUEST)
    entries = entries.exclude(number__in=dnc_numbers_query(campaign))
    fed = 0
    for entry in entries.order_by("requested_at", "id")[:FEED_BATCH]:
        with transaction.atomic():
            lead = Lead.objects.select_for_update().filter(campaign=campaign, phone=entry.number).first()
            if lead is not None and lead.state in (Lead.State.DIALING, Lead.State.PREVIEW):
                continue  # the number is being called for another entry; this one waits
            try:
                entry = stats_actions.hand_to_dialer(None, entry, campaign.name)
            except ValidationError:
                continue  # closed meanwhile
            lead = lead or Lead(campaign=campaign, phone=entry.number)
            lead.callback = entry
            lead.state, lead.attempts, lead.next_attempt_at, lead.last_outcome = Lead.State.NEW, 0, None, ""
            lead.locked_by, lead.locked_at, lead.tz = "", None, ""
            lead.fields = {
                "callback": entry.pk,
                "queue": entry.queue,
                "caller": entry.caller,
                "requested_at": entry.requested_at.isoformat(),
                "calls": entry.attempts,
            }
            _own(lead, entry)
            lead.save()
        fed += 1
    return fed


def dnc_numbers_query(campaign: Campaign) -> Any:
    return DNCEntry.objects.filter(Q(campaign__isnull=True) | Q(campaign=campaign)).values("phone")


def _settle_callback(actor: Any, lead: Lead, attempt: Attempt | None = None, code: str = "") -> None:
    """A callback's lead reached its end: close the callback with the matching outcome."""
    if lead.callback_id is None:
        return
    outcome = CALLBACK_OUTCOMES.get(code) if code else None
    outcome = outcome or LEAD_STATE_OUTCOMES.get(lead.state)
    if outcome is None:
        return
    entry = Callback.objects.filter(pk=lead.callback_id).exclude(status=Callback.Status.CLOSED).first()
    if entry is None:
        return
    reached = attempt.answered_at if attempt is not None else None
    stats_actions.close_callback(
        actor,
        entry,
        outcome,
        note=f"dialer: {lead.campaign.name}"[:200],
        called_back_at=reached if outcome == Callback.Outcome.CALLED_BACK else None,
        agent_name=attempt.agent.member_name if attempt is not None and attempt.agent else "",
        manual=False,
    )


def follow_callback(entry: Callback) -> None:
    """A callback was assigned or closed on the list: its waiting lead follows (never one being dialled).

    Registered with the statistics in DialerConfig.ready().
    """
    leads = Lead.objects.filter(callback=entry, state__in=(*CLAIMABLE_STATES, Lead.State.PREVIEW))
    if entry.status == Callback.Status.CLOSED:
        leads.update(state=Lead.State.DONE, preview_agent=None, locked_by="", locked_at=None)
        return
    for lead in leads:
        _own(lead, entry)
        lead.save(update_fields=["state", "preview_agent", "team"])


# --- monitor and export ----------------------------------------------------------------------------


def campaign_metrics(campaign: Campaign, now: dt.datetime | None = None) -> dict[str, Any]:
    """Progress, dial level, answer rate and abandon rates (today and 30 days) and agents' states."""
    now = now or timezone.now()
    day_start = now.astimezone(timezone.get_current_timezone()).replace(
        hour=0, minute=0, second=0, microsecond=0
    )

    def rates(since: dt.datetime) -> dict[str, Any]:
        attempts = Attempt.objects.filter(campaign=campaign, originated_at__gte=since)
        totals = attempts.aggregate(
            dialed=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            abandoned=Count("id", filter=Q(abandoned=True)),
        )
        dialed, answered, abandoned = totals["dialed"], totals["answered"], totals["abandoned"]
        return {
            "dialed": dialed,
            "answered": answered,
            "abandoned": abandoned,
            "answer_rate_pct": round(100.0 * answered / dialed, 2) if dialed else 0.0,
            "abandon_rate_pct": round(100.0 * abandoned / answered, 2) if answered else 0.0,
        }

    leads = dict(Lead.objects.filter(campaign=campaign).values_list("state").annotate(n=Count("id")))
    total = sum(leads.values())
    finished = sum(leads.get(state, 0) for state in (Lead.State.DONE, Lead.State.EXHAUSTED, Lead.State.DNC))
    agents = campaign_agent_counts(campaign)
    logged_in = sum(n for status, n in agents.items() if status != DialerAgentState.Status.LOGGED_OUT)
    in_flight = Attempt.objects.filter(campaign=campaign).in_flight().count()
    return {
        "campaign": campaign.name,
        "status": campaign.status,
        "mode": campaign.mode,
        "leads_total": total,
        "leads_finished": finished,
        "progress_pct": round(100.0 * finished / total, 1) if total else 0.0,
        "leads_by_state": {state: int(leads.get(state, 0)) for state in Lead.State.values},
        "in_flight": in_flight,
        "dial_level": round(in_flight / logged_in, 2) if logged_in else 0.0,
        "today": rates(day_start),
        "last_30_days": rates(now - dt.timedelta(days=30)),
        "agents": agents,
        "target_abandon_pct": campaign.target_abandon_pct,
        "pacing_gain": round(campaign.pacing_gain, 3),
    }


EXPORT_COLUMNS = (
    "attempt",
    "phone",
    "name",
    "originated_at",
    "answered_at",
    "bridged_at",
    "ended_at",
    "outcome",
    "abandoned",
    "disposition",
    "agent",
)


def export_results_csv(campaign: Campaign) -> str:
    """Every attempt of the campaign as CSV, oldest first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    attempts = Attempt.objects.filter(campaign=campaign).select_related("lead", "agent").order_by("id")
    for attempt in attempts.iterator():
        writer.writerow(
            [
                attempt.action_id,
                attempt.phone,
                _csv_safe(attempt.lead.name),
                attempt.originated_at.isoformat(),
                attempt.answered_at.isoformat() if attempt.answered_at else "",
                attempt.bridged_at.isoformat() if attempt.bridged_at else "",
                attempt.ended_at.isoformat() if attempt.ended_at else "",
                attempt.outcome,
                "1" if attempt.abandoned else "0",
                attempt.disposition,
                _csv_safe(attempt.agent.member_name) if attempt.agent else "",
            ]
        )
    return out.getvalue()


def _csv_safe(value: str) -> str:
    """Keep spreadsheet programs from running a name as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
