"""A callback request made in the queue becomes an entry of the callback list, normalised to E.164; it is
assigned to an agent, the queue's callbacks campaign calls the number back over the trunk from that
agent's preview, and the entry closes with its outcome and its time to callback."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.asterisk.callback_request import request_callback
from tests.asterisk.conftest import (
    SUPPORT,
    TRUNK,
    Center,
    admin,
    agent_phone,
    assert_live_equals_asterisk,
    paused_in,
    wait_idle,
    wait_log,
)
from tests.asterisk.node import wait_until

CALLER = "79161110006"
TYPED = "89161112244"  # the caller types the number in the national form, with the 8 prefix
NUMBER = "+79161112244"
ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def _callbacks_campaign() -> Any:
    from callcenter.dialer import actions
    from callcenter.dialer.models import Campaign
    from callcenter.pbx.models import Queue, Trunk

    campaign = actions.save(
        None,
        Campaign(
            name="callbacks-support",
            kind=Campaign.Kind.CALLBACKS,
            mode="preview",
            queue=Queue.objects.get(name="support"),
            trunk=Trunk.objects.get(name=TRUNK),
            caller_id="+74950000000",
            caller_id_name="Support, callback",
            call_windows=ALL_DAY,
        ),
    )
    return actions.set_campaign_status(None, campaign, Campaign.Status.RUNNING)


def test_a_callback_request_is_assigned_and_called_back_by_the_dialer_over_the_trunk(center: Center) -> None:
    from callcenter.agents.models import Agent
    from callcenter.dialer import actions as dialer
    from callcenter.dialer import loop
    from callcenter.dialer.models import Attempt, Campaign, Lead
    from callcenter.stats import actions as stats
    from callcenter.stats import reports
    from callcenter.stats.models import Callback

    carrier = center.phones["carrier"]  # the trunk's far end: where the callback goes
    with paused_in(center, "support", SUPPORT):
        campaign = None
        try:
            # The caller waits in support, presses * and types the number to call back on.
            asked = request_callback(center, CALLER, TYPED)
            enter, held = asked.enter, asked.held

            # The statistics load the queue_log: the request is on the list, one entry, in E.164.
            stats.load_server(center.server.pk)
            entry = Callback.objects.get(number=NUMBER, status=Callback.Status.OPEN)
            assert (entry.kind, entry.caller, entry.queue, entry.request_callid) == (
                "request", CALLER, "support", enter.callid,
            )  # fmt: skip
            listed = reports.callback_list(_today())
            assert [row["number"] for row in listed if row["id"] == entry.pk] == [NUMBER]

            # A supervisor assigns it to Agent 1001: the held turn leaves the queue, and AstDB says why.
            agent = Agent.objects.get(extension="1001")
            stats.assign_callback(admin(), entry, agent=agent)
            wait_log(center, "ABANDON", callid=held.callid)
            assert "handled" in center.node.cli(f"database get cc-callback {enter.callid}")
            assert_live_equals_asterisk(center)

            # The queue's callbacks campaign offers it in the agent's preview; the agent dials.
            campaign = _callbacks_campaign()
            lead = dialer.next_preview_lead(agent, campaign)
            assert lead is not None and (lead.phone, lead.callback_id, lead.state) == (
                NUMBER,
                entry.pk,
                "preview",
            )
            entry.refresh_from_db()
            assert entry.status == Callback.Status.DIALING
            rings = carrier.mark()
            transport = loop.transport_for(campaign)
            assert transport is not None
            attempt = dialer.dial_preview(agent, lead, transport)
            assert attempt is not None
            carrier.wait_confirmed(rings)  # the customer answers on the trunk's far end
            wait_until(
                lambda: Attempt.objects.get(pk=attempt.pk).state == Attempt.State.BRIDGED,
                20,
                "the agent to be bridged to the customer",
            )
            assert_live_equals_asterisk(center)
            agent_phone(center, "Agent 1001").hangup()
            carrier.wait_disconnected(rings)
            wait_until(
                lambda: Attempt.objects.get(pk=attempt.pk).state == Attempt.State.ENDED,
                20,
                "the attempt to end",
            )
            attempt.refresh_from_db()
            assert (attempt.outcome, attempt.agent) == ("answered", agent)

            # The agent's disposition closes the entry: called back, at the moment the customer answered.
            assert agent.user is not None
            dialer.record_disposition(agent.user, attempt, "sale")
            entry.refresh_from_db()
            assert (entry.status, entry.outcome, entry.closed_agent) == (
                "closed",
                "called_back",
                "Agent 1001",
            )
            assert entry.called_back_at == attempt.answered_at
            assert Lead.objects.get(pk=lead.pk).state == "done"
            closed = [row for row in reports.callbacks_closed(_today()) if row["id"] == entry.pk]
            assert [(row["outcome"], row["time_to_callback_s"]) for row in closed] == [
                ("called_back", entry.time_to_callback_s)
            ]
            # queue_log writes whole seconds: the request at 12:00:05 and the answer at 12:00:05.7 are 0 s apart.
            assert entry.called_back_at is not None and entry.called_back_at >= entry.requested_at
            assert entry.time_to_callback_s is not None and entry.time_to_callback_s < 600
            assert reports.callback_summary(closed)["called_back"] == 1
            wait_idle(center)
            center.driven.callback("support", TYPED, CALLER)
        finally:
            if campaign is not None:
                dialer.set_campaign_status(None, campaign, Campaign.Status.STOPPED)


def _today() -> Any:
    from callcenter.stats.reports import ReportFilter

    today = timezone.localdate()
    return ReportFilter(date_from=today, date_to=today, tz=str(timezone.get_current_timezone()))
