"""The dialer's writes: numbers, imports, claims, dials, call events, dispositions, monitor and export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from callcenter.accounts.models import User
from callcenter.agents.models import Agent
from callcenter.ami.protocol import FrameParser, Message
from callcenter.core import phones
from callcenter.dialer import actions, eligibility, export, importing, measure
from callcenter.dialer.actions import dialing
from callcenter.dialer.metrics import campaign_metrics
from callcenter.dialer.models import (
    AgentDisposition,
    Attempt,
    Campaign,
    DialerAgentState,
    DNCEntry,
    Lead,
    Outcome,
)
from callcenter.dialer.transport import AMIClientTransport
from callcenter.pbx.models import AsteriskServer
from tests.dialer.conftest import NOON, make_campaign, make_leads, make_ready_agents
from tests.factories import AgentFactory, AsteriskServerFactory, UserFactory
from tests.harness.background import BackgroundAMI
from tests.harness.originate import Originator

# --- numbers and time zones ---------------------------------------------------------------------------


def test_numbers_are_normalised_to_e164_with_the_default_region() -> None:
    assert phones.normalise_phone("8 (495) 123-45-67") == "+74951234567"
    assert phones.normalise_phone("+1 212 555 0199") == "+12125550199"


@pytest.mark.parametrize("raw", ["", "12345", "not a number"])
def test_unreadable_numbers_are_refused(raw: str) -> None:
    with pytest.raises(phones.BadNumber):
        phones.normalise_phone(raw)


def test_time_zone_comes_from_a_geographic_number() -> None:
    assert importing.lead_time_zone("+73832123456") == "Asia/Novosibirsk"


def test_mobile_numbers_spanning_many_zones_fall_back_to_the_campaign_zone() -> None:
    assert importing.lead_time_zone("+79161234567") == ""


def test_a_given_time_zone_wins_over_the_number() -> None:
    assert importing.lead_time_zone("+74951234567", "Asia/Vladivostok") == "Asia/Vladivostok"


# --- import -----------------------------------------------------------------------------------------------

CSV_FILE = (
    "Phone;Full name;City\n"
    "8 (495) 123-45-67;Ivan Petrov;Moscow\n"
    "12345;Bad Number;Nowhere\n"
    "+7 495 123 45 67;Ivan Again;Moscow\n"
    "+7 383 212 34 56;Olga;Novosibirsk\n"
    "+7 916 123 45 67;Listed;Moscow\n"
)
MAPPING = {"phone": "Phone", "name": "Full name"}


def test_preview_reports_every_bad_row_with_its_line_and_reason(campaign: Campaign) -> None:
    DNCEntry.objects.create(phone="+79161234567")
    preview = importing.preview_import(campaign, CSV_FILE.encode(), "list.csv", MAPPING)
    assert [(e.line, e.reason) for e in preview.errors] == [
        (3, "“12345” is not a valid number"),
        (4, "duplicate of line 2"),
        (6, "on the do-not-call list"),
    ]
    assert [row["phone"] for row in preview.good] == ["+74951234567", "+73832123456"]
    assert Lead.objects.count() == 0


def test_import_writes_the_good_rows_with_time_zone_and_custom_fields(
    campaign: Campaign, dialer_manager: User
) -> None:
    contact_list, _preview = actions.import_contacts(
        dialer_manager, campaign, CSV_FILE.encode(), "list.csv", MAPPING
    )
    leads = {lead.phone: lead for lead in Lead.objects.filter(contact_list=contact_list)}
    assert set(leads) == {"+74951234567", "+73832123456", "+79161234567"}
    assert leads["+73832123456"].tz == "Asia/Novosibirsk"
    assert leads["+73832123456"].fields == {"City": "Novosibirsk"}
    assert leads["+74951234567"].name == "Ivan Petrov"
    assert (contact_list.imported_rows, contact_list.rejected_rows) == (3, 2)


def test_campaign_dnc_blocks_the_number_only_in_that_campaign(campaign: Campaign) -> None:
    other = make_campaign("autumn")
    DNCEntry.objects.create(phone="+74951234567", campaign=other)
    preview = importing.preview_import(campaign, CSV_FILE.encode(), "list.csv", MAPPING)
    assert "+74951234567" in [row["phone"] for row in preview.good]
    preview_other = importing.preview_import(other, CSV_FILE.encode(), "list.csv", MAPPING)
    assert "+74951234567" not in [row["phone"] for row in preview_other.good]


def test_a_second_upload_reports_numbers_already_in_the_campaign(campaign: Campaign) -> None:
    actions.import_contacts(None, campaign, CSV_FILE.encode(), "list.csv", MAPPING)
    _list, again = actions.import_contacts(None, campaign, CSV_FILE.encode(), "again.csv", MAPPING)
    assert again.good_count == 0
    assert (2, "already in this campaign") in [(e.line, e.reason) for e in again.errors]


def test_xlsx_import_reads_the_first_sheet(campaign: Campaign) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Телефон", "Имя", "TZ"])
    sheet.append(["84951234567", "Анна", "Europe/Moscow"])
    sheet.append(["bad", "Пётр", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    mapping = importing.guess_mapping(["Телефон", "Имя", "TZ"])
    assert mapping == {"phone": "Телефон", "name": "Имя", "tz": "TZ"}
    _list, preview = actions.import_contacts(None, campaign, buffer.getvalue(), "list.xlsx", mapping)
    assert Lead.objects.get().name == "Анна"
    assert [e.line for e in preview.errors] == [3]


def test_an_unknown_time_zone_is_a_bad_row(campaign: Campaign) -> None:
    data = "phone,tz\n84951234567,Mars/Olympus\n"
    preview = importing.preview_import(campaign, data.encode(), "x.csv", {"phone": "phone", "tz": "tz"})
    assert preview.errors[0].reason == "unknown time zone “Mars/Olympus”"


def test_a_file_without_the_mapped_phone_column_is_refused(campaign: Campaign) -> None:
    with pytest.raises(importing.ImportFileError):
        importing.preview_import(campaign, b"name\nIvan\n", "x.csv", {"phone": "Phone"})


def test_import_is_one_transaction(campaign: Campaign) -> None:
    """The contact list, every lead and the audit entry commit together or not at all."""
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        actions.import_contacts(None, campaign, CSV_FILE.encode(), "list.csv", MAPPING)
        raise RuntimeError("the request failed after the import")
    assert Lead.objects.count() == 0
    assert campaign.contact_lists.count() == 0


# --- claims, windows, DNC and caps ---------------------------------------------------------------------


def test_claim_takes_only_leads_whose_window_is_open_in_their_own_zone(campaign: Campaign) -> None:
    moscow = make_leads(campaign, 1, tz="Europe/Moscow")[0]
    make_leads(campaign, 1, start=10, tz="America/New_York")  # 04:00 there
    claimed = actions.claim_leads(campaign, 10, "w1", NOON)
    assert [lead.pk for lead in claimed] == [moscow.pk]


def test_claim_falls_back_to_the_campaign_zone_for_leads_without_one(campaign: Campaign) -> None:
    campaign.time_zone = "America/New_York"
    campaign.save()
    make_leads(campaign, 2, tz="")
    assert actions.claim_leads(campaign, 10, "w1", NOON) == []


def test_claim_skips_do_not_call_numbers(campaign: Campaign) -> None:
    leads = make_leads(campaign, 2)
    DNCEntry.objects.create(phone=leads[0].phone)
    assert [lead.pk for lead in actions.claim_leads(campaign, 10, "w1", NOON)] == [leads[1].pk]


def test_claim_respects_the_next_attempt_time_and_puts_callbacks_first(campaign: Campaign) -> None:
    later, new, callback = make_leads(campaign, 3)
    Lead.objects.filter(pk=later.pk).update(state="retry", next_attempt_at=NOON + dt.timedelta(hours=1))
    Lead.objects.filter(pk=callback.pk).update(
        state="callback", next_attempt_at=NOON - dt.timedelta(minutes=1)
    )
    claimed = actions.claim_leads(campaign, 10, "w1", NOON)
    assert [lead.pk for lead in claimed] == [callback.pk, new.pk]
    assert Lead.objects.get(pk=new.pk).state == "dialing"


def test_daily_cap_limits_the_dials(campaign: Campaign, node: AsteriskServer) -> None:
    campaign.daily_cap = 2
    campaign.save()
    make_leads(campaign, 5)
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        node.save()
        sent = actions.dial(campaign, 5, AMIClientTransport(node), worker="w1", now=NOON)
        again = actions.dial(campaign, 5, AMIClientTransport(node), worker="w1", now=NOON)
    assert (sent, again) == (2, 0)
    assert len(server.named("Originate")) == 2


def test_total_cap_limits_the_dials(campaign: Campaign) -> None:
    campaign.total_cap = 1
    campaign.save()
    make_leads(campaign, 2)
    lead = Lead.objects.first()
    assert lead is not None
    Attempt.objects.create(
        campaign=campaign,
        lead=lead,
        phone="+74950000001",
        originated_at=NOON - dt.timedelta(days=3),
    )
    assert eligibility.remaining_cap(campaign, NOON) == 0


def test_a_paused_or_not_yet_started_campaign_never_dials(campaign: Campaign) -> None:
    campaign.status = "paused"
    assert not eligibility.campaign_may_dial(campaign, NOON)
    campaign.status = "running"
    campaign.starts_at = NOON + dt.timedelta(hours=1)
    assert not eligibility.campaign_may_dial(campaign, NOON)


def test_a_number_listed_after_the_claim_is_not_dialled(campaign: Campaign, node: AsteriskServer) -> None:
    lead = make_leads(campaign, 1)[0]
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        node.save()
        attempt = dialing.start_attempts(campaign, 1, "w1", NOON)[0]
        DNCEntry.objects.create(phone=lead.phone, campaign=campaign)
        actions.send_attempt(campaign, attempt, AMIClientTransport(node))
    assert server.named("Originate") == []
    assert Lead.objects.get(pk=lead.pk).state == "dnc"


def test_add_dnc_takes_waiting_leads_out(campaign: Campaign, dialer_manager: User) -> None:
    lead = make_leads(campaign, 1)[0]
    actions.add_dnc(dialer_manager, lead.phone, reason="asked by phone")
    assert Lead.objects.get(pk=lead.pk).state == "dnc"


# --- pacing tick ---------------------------------------------------------------------------------------


def test_pacing_tick_dials_one_call_per_ready_agent_in_progressive_mode(
    campaign: Campaign, node: AsteriskServer
) -> None:
    make_leads(campaign, 10)
    make_ready_agents(campaign, 3)
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        node.save()
        sent = actions.pacing_tick(campaign, AMIClientTransport(node), worker="w1", now=NOON)
        again = actions.pacing_tick(campaign, AMIClientTransport(node), worker="w1", now=NOON)
    assert (sent, again) == (3, 0)
    assert Attempt.objects.filter(state="ringing").count() == 3


def test_pacing_tick_stops_when_the_agents_log_out(campaign: Campaign, node: AsteriskServer) -> None:
    make_leads(campaign, 10)
    make_ready_agents(campaign, 3)
    DialerAgentState.objects.update(status="logged_out")
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        node.save()
        assert actions.pacing_tick(campaign, AMIClientTransport(node), worker="w1", now=NOON) == 0
    assert server.named("Originate") == []


def test_originate_carries_the_attempt_id_as_action_id_and_account(
    campaign: Campaign, node: AsteriskServer
) -> None:
    lead = make_leads(campaign, 1)[0]
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        node.save()
        actions.dial(campaign, 1, AMIClientTransport(node), worker="w1", now=NOON)
    attempt = Attempt.objects.get()
    originate = server.named("Originate")[0]
    assert originate["ActionID"] == f"dialer-{attempt.pk}"
    assert originate["Account"] == f"dialer-{attempt.pk}"
    assert originate["Channel"] == f"Local/{lead.phone[1:]}@cc-dialer-out"
    assert originate["Context"] == "cc-dialer-connected"
    assert originate["Async"] == "true"
    assert f"ATTEMPT_ID={attempt.pk}" in originate["Variable"]


# --- events from Asterisk -------------------------------------------------------------------------------


def _s07_originate_responses(asterisk_fixtures: Path) -> dict[str, Message]:
    parser = FrameParser()
    messages = parser.feed((asterisk_fixtures / "transcripts" / "s07_outbound.ami").read_bytes())
    return {m["ActionID"]: m for m in messages if m.event == "OriginateResponse"}


def _with_action_id(message: Message, action_id: str) -> Message:
    return Message([(k, action_id if k == "ActionID" else v) for k, v in message.headers])


@pytest.mark.parametrize(
    ("recorded", "outcome", "lead_state"),
    [
        ("dialer-lead-1002", Outcome.BUSY, "retry"),
        ("dialer-lead-1003", Outcome.NO_ANSWER, "retry"),
        ("dialer-lead-1004", Outcome.CONGESTION, "retry"),
        ("dialer-lead-1005", Outcome.FAILED, "retry"),
    ],
)
def test_recorded_originate_failures_close_the_attempt(
    campaign: Campaign, asterisk_fixtures: Path, recorded: str, outcome: str, lead_state: str
) -> None:
    lead = make_leads(campaign, 1)[0]
    attempt = Attempt.objects.create(
        campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, state="ringing"
    )
    Lead.objects.filter(pk=lead.pk).update(state="dialing", attempts=1)
    message = _with_action_id(_s07_originate_responses(asterisk_fixtures)[recorded], attempt.action_id)
    actions.handle_event(message, NOON + dt.timedelta(seconds=5))
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome) == ("ended", outcome)
    lead.refresh_from_db()
    assert lead.state == lead_state
    delay = campaign.retry_rule(outcome)["delay_min"]
    assert lead.next_attempt_at == NOON + dt.timedelta(seconds=5, minutes=delay)


def test_recorded_answer_marks_the_attempt_answered_with_its_channel(
    campaign: Campaign, asterisk_fixtures: Path
) -> None:
    lead = make_leads(campaign, 1)[0]
    attempt = Attempt.objects.create(
        campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, state="ringing"
    )
    message = _with_action_id(
        _s07_originate_responses(asterisk_fixtures)["dialer-lead-1001"], attempt.action_id
    )
    actions.handle_event(message, NOON + dt.timedelta(seconds=8))
    attempt.refresh_from_db()
    assert attempt.state == "answered"
    assert attempt.reason_code == 4
    assert attempt.uniqueid == "1795355901.32"
    assert attempt.channel == "Local/answer@dialer-00000010;1"
    assert attempt.answered_at == NOON + dt.timedelta(seconds=8)


def test_events_of_other_originates_are_ignored(asterisk_fixtures: Path, db: None) -> None:
    message = _s07_originate_responses(asterisk_fixtures)["dialer-lead-1001"]
    assert actions.handle_event(message) is None


def test_retries_stop_at_the_maximum(campaign: Campaign) -> None:
    lead = make_leads(campaign, 1)[0]
    Lead.objects.filter(pk=lead.pk).update(attempts=campaign.retry_rule("busy")["max"])
    attempt = Attempt.objects.create(
        campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, state="ringing"
    )
    actions.handle_event(
        Message([("Event", "OriginateResponse"), ("ActionID", attempt.action_id), ("Reason", "5")]), NOON
    )
    assert Lead.objects.get(pk=lead.pk).state == "exhausted"


def _answered(campaign: Campaign, agent: Agent | None = None) -> Attempt:
    lead = make_leads(campaign, 1)[0]
    return Attempt.objects.create(
        campaign=campaign,
        lead=lead,
        phone=lead.phone,
        originated_at=NOON,
        state="answered",
        answered_at=NOON + dt.timedelta(seconds=10),
        uniqueid="1795355901.32",
        agent=agent,
    )


def test_bridged_within_two_seconds_is_not_abandoned(campaign: Campaign) -> None:
    agent = AgentFactory(member_name="Agent 1001")
    attempt = _answered(campaign)
    event = Message([("Event", "AgentConnect"), ("Uniqueid", "1795355901.32"), ("MemberName", "Agent 1001")])
    actions.handle_event(event, NOON + dt.timedelta(seconds=11.5))
    attempt.refresh_from_db()
    assert (attempt.state, attempt.abandoned, attempt.agent_id) == ("bridged", False, agent.pk)
    assert DialerAgentState.objects.get(agent=agent).status == "on_call"


def test_bridged_after_two_seconds_counts_as_abandoned(campaign: Campaign) -> None:
    AgentFactory(member_name="Agent 1001")
    attempt = _answered(campaign)
    event = Message([("Event", "AgentConnect"), ("Uniqueid", "1795355901.32"), ("MemberName", "Agent 1001")])
    actions.handle_event(event, NOON + dt.timedelta(seconds=12.5))
    attempt.refresh_from_db()
    assert attempt.abandoned is True


def test_an_abandoned_call_is_logged_and_not_recalled_for_72_hours(campaign: Campaign) -> None:
    attempt = _answered(campaign)
    event = Message([("Event", "UserEvent"), ("UserEvent", "DialerAbandon"), ("AttemptID", str(attempt.pk))])
    actions.handle_event(event, NOON + dt.timedelta(seconds=12))
    attempt.refresh_from_db()
    assert (attempt.outcome, attempt.abandoned) == ("abandoned", True)
    lead = Lead.objects.get(pk=attempt.lead_id)
    assert lead.next_attempt_at == NOON + dt.timedelta(seconds=12, hours=72)
    from callcenter.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="dialer.abandoned", object_id=str(attempt.pk)).exists()


def test_an_answered_call_hung_up_without_an_agent_is_abandoned(campaign: Campaign) -> None:
    attempt = _answered(campaign)
    hangup = Message(
        [("Event", "Hangup"), ("Channel", "Local/x@dialer-1;1"), ("AccountCode", attempt.action_id)]
    )
    actions.handle_event(hangup, NOON + dt.timedelta(seconds=14))
    attempt.refresh_from_db()
    assert attempt.abandoned is True


def test_a_bridged_call_hangup_ends_it_answered_and_puts_the_agent_in_wrapup(campaign: Campaign) -> None:
    agent = AgentFactory()
    attempt = _answered(campaign, agent=agent)
    actions.on_bridged(attempt, agent, NOON + dt.timedelta(seconds=11))
    hangup = Message([("Event", "Hangup"), ("Channel", "Local/x@dialer-1;1"), ("Uniqueid", "1795355901.32")])
    actions.handle_event(hangup, NOON + dt.timedelta(seconds=200))
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome, attempt.abandoned) == ("ended", "answered", False)
    assert DialerAgentState.objects.get(agent=agent).status == "wrapup"


# --- lost link: never re-sent, reconciled later -----------------------------------------------------------


def test_a_lost_link_marks_the_attempt_unknown_and_never_resends(
    campaign: Campaign, node: AsteriskServer
) -> None:
    make_leads(campaign, 3)
    with BackgroundAMI(Originator("drop")) as server:
        node.ami_port = server.port
        node.save()
        transport = AMIClientTransport(node, timeout=2.0)
        sent = actions.dial(campaign, 3, transport, worker="w1", now=NOON)
    assert sent == 0
    assert len(server.named("Originate")) == 1
    assert list(Attempt.objects.values_list("state", flat=True)) == ["unknown"]
    assert transport.connected is False
    # The two leads not yet sent went back untouched.
    assert Lead.objects.filter(state="retry", attempts=0).count() == 2


def test_an_unknown_attempt_is_reconciled_by_its_later_originate_response(campaign: Campaign) -> None:
    lead = make_leads(campaign, 1)[0]
    attempt = Attempt.objects.create(
        campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, state="unknown"
    )
    actions.handle_event(
        Message([("Event", "OriginateResponse"), ("ActionID", attempt.action_id), ("Reason", "5")]), NOON
    )
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome) == ("ended", "busy")


def test_an_unknown_attempt_is_reconciled_by_its_cdr(campaign: Campaign) -> None:
    lead = make_leads(campaign, 1)[0]
    attempt = Attempt.objects.create(
        campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, state="unknown"
    )
    cdr = Message([("Event", "Cdr"), ("AccountCode", attempt.action_id), ("Disposition", "NO ANSWER")])
    actions.handle_event(cdr, NOON + dt.timedelta(seconds=40))
    attempt.refresh_from_db()
    assert attempt.outcome == "no_answer"


def test_unknown_attempts_without_any_event_are_settled_without_an_immediate_redial(
    campaign: Campaign,
) -> None:
    lead = make_leads(campaign, 1)[0]
    Lead.objects.filter(pk=lead.pk).update(state="dialing", attempts=1)
    Attempt.objects.create(
        campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, state="unknown"
    )
    assert actions.settle_unknown(NOON + dt.timedelta(minutes=5)) == 0
    assert actions.settle_unknown(NOON + dt.timedelta(minutes=11)) == 1
    lead.refresh_from_db()
    assert lead.state == "retry"
    assert lead.next_attempt_at is not None
    assert lead.next_attempt_at >= NOON + dt.timedelta(minutes=11, hours=1)


# --- dispositions -------------------------------------------------------------------------------------------


def test_a_callback_disposition_schedules_the_lead(campaign: Campaign) -> None:
    user = UserFactory(username="ivan")
    agent = AgentFactory(user=user)
    attempt = _answered(campaign, agent=agent)
    callback = NOON + dt.timedelta(days=1)
    actions.record_disposition(user, attempt, "callback", callback_at=callback, now=NOON)
    lead = Lead.objects.get(pk=attempt.lead_id)
    assert (lead.state, lead.next_attempt_at) == ("callback", callback)
    assert AgentDisposition.objects.get().agent == agent


def test_a_callback_needs_a_future_time(campaign: Campaign) -> None:
    attempt = _answered(campaign)
    with pytest.raises(ValidationError):
        actions.record_disposition(None, attempt, "callback", now=NOON)
    with pytest.raises(ValidationError):
        actions.record_disposition(
            None, attempt, "callback", callback_at=NOON - dt.timedelta(hours=1), now=NOON
        )


def test_do_not_call_disposition_lists_the_number_for_the_campaign(campaign: Campaign) -> None:
    attempt = _answered(campaign)
    actions.record_disposition(None, attempt, "do_not_call", now=NOON)
    assert DNCEntry.objects.filter(phone=attempt.phone, campaign=campaign).exists()
    assert Lead.objects.get(pk=attempt.lead_id).state == "dnc"


# --- status, monitor, export ---------------------------------------------------------------------------


def test_status_changes_follow_the_lifecycle(campaign: Campaign, dialer_manager: User) -> None:
    actions.set_campaign_status(dialer_manager, campaign, "paused")
    actions.set_campaign_status(dialer_manager, campaign, "running")
    actions.set_campaign_status(dialer_manager, campaign, "stopped")
    with pytest.raises(ValidationError):
        actions.set_campaign_status(dialer_manager, campaign, "running")


def test_metrics_count_answers_and_abandons_today(campaign: Campaign) -> None:
    leads = make_leads(campaign, 4)
    for index, lead in enumerate(leads):
        Attempt.objects.create(
            campaign=campaign,
            lead=lead,
            phone=lead.phone,
            originated_at=NOON,
            state="ended",
            answered_at=NOON if index < 2 else None,
            abandoned=index == 0,
        )
    metrics = campaign_metrics(campaign, NOON + dt.timedelta(minutes=1))
    assert metrics["today"] == {
        "dialed": 4,
        "answered": 2,
        "abandoned": 1,
        "answer_rate_pct": 50.0,
        "abandon_rate_pct": 50.0,
    }


def test_export_lists_every_attempt_and_defuses_formulas(campaign: Campaign) -> None:
    lead = Lead.objects.create(campaign=campaign, phone="+74951234567", name="=HYPERLINK(1)")
    attempt = Attempt.objects.create(
        campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, outcome="busy"
    )
    rows = list(csv.reader(io.StringIO(export.export_results_csv(campaign))))
    assert rows[0][:3] == ["attempt", "phone", "name"]
    assert rows[1][:3] == [attempt.action_id, "+74951234567", "'=HYPERLINK(1)"]
    assert rows[1][7] == "busy"


def test_measure_builds_answer_rate_and_abandon_rate_from_attempts(campaign: Campaign) -> None:
    leads = make_leads(campaign, 4)
    for index, lead in enumerate(leads):
        answered = NOON - dt.timedelta(minutes=5) + dt.timedelta(seconds=10) if index < 2 else None
        Attempt.objects.create(
            campaign=campaign,
            lead=lead,
            phone=lead.phone,
            originated_at=NOON - dt.timedelta(minutes=5),
            state="ended",
            outcome="answered" if answered else "busy",
            answered_at=answered,
            ended_at=NOON - dt.timedelta(minutes=4),
            abandoned=index == 0,
        )
    stats = measure.measure(campaign, NOON)
    assert stats.samples == 4
    assert stats.answer_rate == 0.5
    assert stats.rolling_abandon_pct == 50.0
    assert stats.mean_answer_delay_s == 10.0


def test_server_for_falls_back_to_the_first_enabled_node(campaign: Campaign) -> None:
    from callcenter.dialer.loop import server_for

    AsteriskServerFactory(name="aaa")
    server = server_for(campaign)
    assert server is not None
    assert server.name == "aaa"


def test_answering_machine_detection_retries_by_the_machine_rule(campaign: Campaign) -> None:
    lead = make_leads(campaign, 1)[0]
    Lead.objects.filter(pk=lead.pk).update(state="dialing", attempts=1)
    attempt = Attempt.objects.create(
        campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, state="answered", answered_at=NOON
    )
    event = Message([("Event", "UserEvent"), ("UserEvent", "DialerMachine"), ("AttemptID", str(attempt.pk))])
    actions.handle_event(event, NOON + dt.timedelta(seconds=6))
    attempt.refresh_from_db()
    assert (attempt.outcome, attempt.abandoned) == ("machine", False)
    delay = campaign.retry_rule("machine")["delay_min"]
    assert Lead.objects.get(pk=lead.pk).next_attempt_at == NOON + dt.timedelta(seconds=6, minutes=delay)


def test_calls_stuck_ringing_without_events_are_settled_too(campaign: Campaign) -> None:
    lead, fresh_lead = make_leads(campaign, 2)
    Lead.objects.update(state="dialing", attempts=1)
    stuck = Attempt.objects.create(
        campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, state="ringing"
    )
    fresh = Attempt.objects.create(
        campaign=campaign,
        lead=fresh_lead,
        phone=fresh_lead.phone,
        originated_at=NOON + dt.timedelta(minutes=10),
        state="ringing",
    )
    assert actions.settle_unknown(NOON + dt.timedelta(minutes=11)) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (stuck.state, stuck.outcome, fresh.state) == ("ended", "unknown", "ringing")


def test_a_lost_link_does_not_undo_an_outcome_the_event_session_already_saw(
    campaign: Campaign, node: AsteriskServer
) -> None:
    lead = make_leads(campaign, 1)[0]
    attempt = dialing.start_attempts(campaign, 1, "w1", NOON)[0]
    # The bridge's own session got the OriginateResponse before the dialer's connection broke.
    actions.handle_event(
        Message([("Event", "OriginateResponse"), ("ActionID", attempt.action_id), ("Reason", "5")]), NOON
    )
    with BackgroundAMI(Originator("drop")) as server:
        node.ami_port = server.port
        node.save()
        assert actions.send_attempt(campaign, attempt, AMIClientTransport(node, timeout=2.0)) is False
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome) == ("ended", "busy")
    assert Lead.objects.get(pk=lead.pk).state == "retry"
