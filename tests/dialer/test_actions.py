"""The dialer's writes: numbers, imports, claims, dials, dispositions, monitor and export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from callcenter.accounts.models import User
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
)
from callcenter.dialer.transport import AMIClientTransport
from callcenter.pbx.models import AsteriskServer
from tests.dialer.conftest import (
    NOON,
    make_answered_attempt,
    make_attempt,
    make_campaign,
    make_leads,
    make_ready_agents,
)
from tests.factories import AgentFactory, AsteriskServerFactory
from tests.harness import personas
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


# --- dispositions -------------------------------------------------------------------------------------------


def test_a_callback_disposition_schedules_the_lead(campaign: Campaign) -> None:
    user = personas.agent_user("ivan")
    agent = AgentFactory(user=user)
    attempt = make_answered_attempt(campaign, agent=agent)
    callback = NOON + dt.timedelta(days=1)
    actions.record_disposition(user, attempt, "callback", callback_at=callback, now=NOON)
    lead = Lead.objects.get(pk=attempt.lead_id)
    assert (lead.state, lead.next_attempt_at) == ("callback", callback)
    assert AgentDisposition.objects.get().agent == agent


def test_a_callback_needs_a_future_time(campaign: Campaign) -> None:
    attempt = make_answered_attempt(campaign)
    with pytest.raises(ValidationError):
        actions.record_disposition(None, attempt, "callback", now=NOON)
    with pytest.raises(ValidationError):
        actions.record_disposition(
            None, attempt, "callback", callback_at=NOON - dt.timedelta(hours=1), now=NOON
        )


def test_do_not_call_disposition_lists_the_number_for_the_campaign(campaign: Campaign) -> None:
    attempt = make_answered_attempt(campaign)
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
        make_attempt(
            campaign, lead, state="ended", answered_at=NOON if index < 2 else None, abandoned=index == 0
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
    attempt = make_attempt(campaign, lead, outcome="busy")
    rows = list(csv.reader(io.StringIO(export.export_results_csv(campaign))))
    assert rows[0][:3] == ["attempt", "phone", "name"]
    assert rows[1][:3] == [attempt.action_id, "+74951234567", "'=HYPERLINK(1)"]
    assert rows[1][7] == "busy"


def test_measure_builds_answer_rate_and_abandon_rate_from_attempts(campaign: Campaign) -> None:
    leads = make_leads(campaign, 4)
    for index, lead in enumerate(leads):
        answered = NOON - dt.timedelta(minutes=5) + dt.timedelta(seconds=10) if index < 2 else None
        make_attempt(
            campaign,
            lead,
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
