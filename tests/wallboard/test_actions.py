"""Supervisor and agent actions: authorised, sent over real AMI to a local server, audited with the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_django import Settings

from callcenter.accounts.models import Role, User
from callcenter.agents.models import Agent, PauseReason, QueueMembership
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer, Queue
from callcenter.wallboard import actions
from callcenter.wallboard.models import SpySession
from tests.factories import QueueFactory, QueueMembershipFactory, UserFactory
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers
from tests.harness.recordings import transcript
from tests.wallboard.conftest import LiveStore, event_named, state_until
from tests.wallboard.sent import added_member, dial_target
from tests.wallboard.spying import session_on_anna, with_phone

pytestmark = pytest.mark.django_db


def test_supervisor_pauses_own_agent_with_reason(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    result = actions.pause_agent(center["sam"], center["ivan"], paused=True, reason=pause_reasons["lunch"])

    sent = fixture_ami.next_action("QueuePause")
    assert sent.get("Interface") == "Local/1001@agents/n"
    assert sent.get("Paused") == "true"
    assert sent.get("Reason") == "lunch"
    assert sent.get("Queue") is None  # all queues
    assert result.detail == "Interface paused successfully"
    entry = AuditEntry.objects.get(action="wallboard.pause")
    assert (entry.actor, entry.result, entry.changes["reason"]) == (center["sam"], "ok", "lunch")


def test_unpause_in_one_queue(center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]) -> None:
    actions.pause_agent(center["sam"], center["anna"], paused=False, queue=center["support"])

    sent = fixture_ami.next_action("QueuePause")
    assert (sent.get("Paused"), sent.get("Queue"), sent.get("Reason")) == ("false", "support", None)
    assert AuditEntry.objects.get(action="wallboard.unpause").result == "ok"


def test_pause_needs_a_reason(center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]) -> None:
    with pytest.raises(actions.WallboardActionError):
        actions.pause_agent(center["sam"], center["ivan"], paused=True, reason=None)
    assert fixture_ami.actions.empty()


@pytest.mark.parametrize("persona", ["tina", "max", "ivan"])
def test_only_the_team_supervisor_or_an_admin_may_act(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    pause_reasons: dict[str, PauseReason],
    persona: str,
    manager_user: User,
) -> None:
    user = {"tina": center["tina"], "max": manager_user, "ivan": center["agent_user"]}[persona]
    with pytest.raises(actions.WallboardActionError) as refused:
        actions.pause_agent(user, center["ivan"], paused=True, reason=pause_reasons["lunch"])
    assert refused.value.status == 403
    assert fixture_ami.actions.empty()  # nothing reached Asterisk
    assert not AuditEntry.objects.filter(action="wallboard.pause").exists()


def test_admin_may_act_on_any_team(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    pause_reasons: dict[str, PauseReason],
    admin_user: User,
) -> None:
    actions.pause_agent(admin_user, center["olga"], paused=True, reason=pause_reasons["training"])
    assert fixture_ami.next_action("QueuePause").get("Interface") == "PJSIP/1201"


def test_asterisk_error_is_shown_and_audited(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    # PJSIP/1202 is not a member on this node: Asterisk answers "Interface not found" (s04).
    with pytest.raises(actions.WallboardActionError) as failed:
        actions.pause_agent(center["tina"], center["petr"], paused=True, reason=pause_reasons["lunch"])
    assert failed.value.message == "Asterisk refused: Interface not found"
    assert failed.value.status == 502
    entry = AuditEntry.objects.get(action="wallboard.pause")
    assert (entry.result, entry.detail) == ("error", "Asterisk refused: Interface not found")


def test_unreachable_node_is_a_clear_error(
    center: dict[str, Any], pause_reasons: dict[str, PauseReason], unreachable_node: AsteriskServer
) -> None:
    with pytest.raises(actions.WallboardActionError) as failed:
        actions.pause_agent(center["sam"], center["ivan"], paused=True, reason=pause_reasons["lunch"])
    assert failed.value.message == "Asterisk cannot be reached."


def test_log_agent_out_of_a_queue(center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]) -> None:
    result = actions.remove_from_queue(center["sam"], center["anna"], center["support"])
    sent = fixture_ami.next_action("QueueRemove")
    assert (sent.get("Queue"), sent.get("Interface")) == ("support", "Local/1002@agents/n")
    assert result.detail == "Removed interface from queue"


def test_logging_out_an_agent_who_is_not_logged_in_is_no_error(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    actions.remove_from_queue(center["sam"], center["anna"], center["support"])
    fixture_ami.next_action("QueueRemove")

    again = actions.remove_from_queue(center["sam"], center["anna"], center["support"])
    # Asterisk answers "Not there": the agent already is where the supervisor wanted.
    assert (again.message, again.detail) == (
        "Already logged out of support.",
        "Unable to remove interface: Not there",
    )
    assert AuditEntry.objects.filter(action="wallboard.queue_remove", result="ok").count() == 2


@pytest.mark.parametrize(("mode", "options"), [("listen", "q"), ("whisper", "qw"), ("barge", "qB")])
def test_spy_originates_to_the_supervisors_phone(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    mode: str,
    options: str,
    settings: Settings,
) -> None:
    settings.WALLBOARD_SUPERVISOR_CHANNEL = "Local/{extension}@supervisor"
    sam = with_phone(center["sam"], "900")

    session = actions.start_spy(sam, center["anna"], mode)

    sent = fixture_ami.next_action("Originate")
    assert sent.get("Channel") == "Local/900@supervisor"
    assert sent.get("Application") == "ChanSpy"
    # s06 spied on Agent 1002 with Local/1002@agents; the "-" keeps Local/10021@agents... out.
    assert sent.get("Data") == f"Local/1002@agents-,{options}"
    assert sent.get("Async") == "true"
    assert sent.action_id == session.action_id
    assert session.status == SpySession.Status.REQUESTED
    entry = AuditEntry.objects.get(action="wallboard.spy.start")
    assert (entry.actor, entry.changes["mode"], entry.changes["agent"]) == (sam, mode, "Agent 1002")


def test_spy_prefix_of_a_pjsip_agent_matches_only_that_endpoints_channels(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], admin_user: User
) -> None:
    session = actions.start_spy(with_phone(admin_user, "2001"), center["olga"], "listen")

    data = fixture_ami.next_action("Originate").get("Data")
    assert data is not None
    prefix, _sep, options = data.partition(",")
    assert (prefix, options, session.spyee) == ("PJSIP/1201-", "q", "PJSIP/1201-")
    assert "PJSIP/1201-0000001a".startswith(prefix)
    assert not "PJSIP/12011-0000001a".startswith(prefix)


def test_spy_default_channel_is_the_pjsip_phone(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    sam = with_phone(center["sam"], "2001")
    actions.start_spy(sam, center["ivan"], "listen")
    assert fixture_ami.next_action("Originate").get("Channel") == "PJSIP/2001"


def test_spy_needs_the_supervisors_own_phone(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    with pytest.raises(actions.WallboardActionError):
        actions.start_spy(center["sam"], center["anna"], "whisper")
    assert fixture_ami.actions.empty()


def test_spy_on_another_team_is_refused(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    tina = with_phone(center["tina"], "901")
    with pytest.raises(actions.WallboardActionError) as refused:
        actions.start_spy(tina, center["anna"], "listen")
    assert refused.value.status == 403
    assert not SpySession.objects.exists()


def test_spy_refused_when_the_live_state_shows_no_call(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    live_store: LiveStore,
    asterisk_fixtures: Path,
) -> None:
    # s04 starts with both support members idle.
    live_store.write("node1", state_until(asterisk_fixtures, "s04_pause_dynamic", "node1"))
    sam = with_phone(center["sam"], "900")
    with pytest.raises(actions.WallboardActionError) as refused:
        actions.start_spy(sam, center["anna"], "listen")
    assert refused.value.status == 409


def test_spy_session_follows_the_recorded_events(center: dict[str, Any], asterisk_fixtures: Path) -> None:
    """s06: OriginateResponse names the spying channel, ChanSpyStart starts it, ChanSpyStop ends it (once)."""
    sam = center["sam"]
    session = session_on_anna(center, "s06-spy-qw", "whisper")
    messages = transcript(asterisk_fixtures, "s06_spy")
    first_stop = next(i for i, m in enumerate(messages) if m.event == "ChanSpyStop")
    for message in messages[:first_stop]:
        actions.observe_spy_event("node1", message)
    session.refresh_from_db()
    assert session.spyer_channel == "Local/900@supervisor-0000000d;1"
    assert session.status == SpySession.Status.ACTIVE
    assert session.started_at is not None and session.ended_at is None

    for message in messages[first_stop:]:
        actions.observe_spy_event("node1", message)
    session.refresh_from_db()
    assert session.status == SpySession.Status.ENDED
    ends = AuditEntry.objects.filter(action="wallboard.spy.end")
    assert ends.count() == 1  # ChanSpyStop and the later Hangup do not audit twice
    assert ends[0].changes["mode"] == "whisper"
    assert ends[0].actor == sam


def test_spy_phone_hung_up_before_chanspy_found_the_call(
    center: dict[str, Any], asterisk_fixtures: Path
) -> None:
    session = session_on_anna(center, "s06-spy-q")
    messages = transcript(asterisk_fixtures, "s06_spy")
    response = next(m for m in messages if m.event == "OriginateResponse" and m.action_id == "s06-spy-q")
    hangup = next(
        m for m in messages if m.event == "Hangup" and m.get("Channel") == "Local/900@supervisor-0000000e;1"
    )
    actions.observe_spy_event("node1", response)
    actions.observe_spy_event("node1", hangup)
    session.refresh_from_db()
    assert session.status == SpySession.Status.FAILED
    assert AuditEntry.objects.get(action="wallboard.spy.end").result == "error"


def test_agent_logs_out_and_back_into_own_queue(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    ivan_user = center["agent_user"]
    actions.agent_logout(ivan_user, center["support"])
    assert fixture_ami.next_action("QueueRemove").get("Queue") == "support"

    result = actions.agent_login(ivan_user, center["support"])
    sent = fixture_ami.next_action("QueueAdd")
    assert sent.get("Interface") == "Local/1001@agents/n"
    assert sent.get("MemberName") == "Agent 1001"
    assert sent.get("StateInterface") == "Local/1001@agents"  # as s04 added a Local member
    assert sent.get("Penalty") == "0"
    assert result.detail == "Added interface to queue"

    again = actions.agent_login(ivan_user, center["support"])
    assert (again.message, again.detail) == (
        "Already logged in to support.",
        "Unable to add interface: Already there",
    )


def test_agent_cannot_log_into_a_queue_they_are_not_in(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    with pytest.raises(actions.WallboardActionError) as refused:
        actions.agent_login(center["agent_user"], center["sales"])
    assert refused.value.status == 403


def test_agent_pauses_self(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    actions.agent_pause(center["agent_user"], paused=True, reason=pause_reasons["lunch"])
    sent = fixture_ami.next_action("QueuePause")
    assert (sent.get("Interface"), sent.get("Reason")) == ("Local/1001@agents/n", "lunch")


def test_supervisor_is_not_an_agent(center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]) -> None:
    with pytest.raises(actions.WallboardActionError):
        actions.agent_pause(UserFactory(username="sup2", role=Role.SUPERVISOR), paused=False)


def test_spy_after_fixture_connect_state_is_allowed(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    live_store: LiveStore,
    asterisk_fixtures: Path,
) -> None:
    # s06 up to the agent's AgentConnect: Agent 1002 is in a call, so the spy may start.
    live_store.write("node1", state_until(asterisk_fixtures, "s06_spy", "node1", event_named("AgentConnect")))
    sam = with_phone(center["sam"], "900")
    assert actions.start_spy(sam, center["anna"], "barge").mode == "barge"


def test_spy_through_the_rendered_spy_context(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], settings: Settings
) -> None:
    """With WALLBOARD_SPY_CONTEXT the phone dials the feature code of dialplans/spy.conf instead."""
    settings.WALLBOARD_SPY_CONTEXT = "cc-spy-features"
    sam = with_phone(center["sam"], "2001")
    actions.start_spy(sam, center["anna"], "whisper")
    sent = fixture_ami.next_action("Originate")
    assert dial_target(sent) == ("PJSIP/2001", "cc-spy-features", "*821002", "1")
    assert sent.get("Application") is None


# --- dynamic and static memberships ------------------------------------------------------------------


def _make_static(agent: Agent, queue: Queue) -> None:
    membership = QueueMembership.objects.get(agent=agent, queue=queue)
    membership.static = True
    membership.save()


def test_memberships_are_dynamic_by_default(center: dict[str, Any]) -> None:
    assert not QueueMembership.objects.filter(static=True).exists()


def test_a_static_member_is_not_logged_out_and_asterisk_is_not_asked(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    _make_static(center["anna"], center["support"])
    with pytest.raises(actions.WallboardActionError) as refused:
        actions.remove_from_queue(center["sam"], center["anna"], center["support"])
    assert refused.value.status == 409
    assert "static member of support" in refused.value.message
    assert fixture_ami.actions.empty()
    assert not AuditEntry.objects.filter(action="wallboard.queue_remove").exists()


def test_asterisks_not_dynamic_answer_is_explained(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    # The database says dynamic, but Asterisk still has the queues.conf member (not applied yet).
    fixture_ami.behaviour.members[1].dynamic = False
    with pytest.raises(actions.WallboardActionError) as failed:
        actions.remove_from_queue(center["sam"], center["anna"], center["support"])
    assert "apply the configuration first" in failed.value.message
    entry = AuditEntry.objects.get(action="wallboard.queue_remove")
    assert (entry.result, entry.detail) == ("error", failed.value.message)


def test_supervisor_logs_an_agent_in_with_the_phone_member_name_and_state_interface(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    result = actions.login_agent(center["tina"], center["petr"], center["sales"])
    sent = fixture_ami.next_action("QueueAdd")
    assert added_member(sent) == ("sales", "PJSIP/1202", "Agent 1202", "PJSIP/1202")
    assert result.message == "Logged in to sales."
    assert AuditEntry.objects.get(action="wallboard.queue_add").actor == center["tina"]


def test_supervisor_logs_an_agent_in_to_all_their_dynamic_queues(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], admin_user: User
) -> None:
    QueueMembershipFactory(agent=center["petr"], queue=center["support"], penalty=2)
    QueueMembershipFactory(agent=center["petr"], queue=QueueFactory(name="vip"), static=True)
    actions.login_agent(admin_user, center["petr"])
    added = [fixture_ami.next_action("QueueAdd") for _ in range(2)]
    assert [(m.get("Queue"), m.get("Penalty")) for m in added] == [("sales", "0"), ("support", "2")]
    assert fixture_ami.actions.get(timeout=1).get("Action") == "Logoff"
    assert fixture_ami.actions.empty()  # nothing for the static vip membership


def test_only_the_team_supervisor_logs_an_agent_in(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    with pytest.raises(actions.WallboardActionError) as refused:
        actions.login_agent(center["sam"], center["petr"], center["sales"])
    assert refused.value.status == 403
    assert fixture_ami.actions.empty()


def test_supervisor_logs_an_agent_out_of_all_queues(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    result = actions.remove_from_queue(center["sam"], center["anna"])
    assert fixture_ami.next_action("QueueRemove").get("Queue") == "support"
    assert result.message == "Logged out of support."


def test_agent_with_only_static_memberships_has_nothing_to_log_in_to(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    _make_static(center["ivan"], center["support"])
    with pytest.raises(actions.WallboardActionError) as refused:
        actions.agent_login(center["agent_user"])
    assert "no dynamic membership" in refused.value.message
    assert fixture_ami.actions.empty()


def test_agent_logs_out_of_all_own_queues(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    actions.agent_logout(center["agent_user"])
    sent = fixture_ami.next_action("QueueRemove")
    assert (sent.get("Queue"), sent.get("Interface")) == ("support", "Local/1001@agents/n")


def test_agent_pauses_self_in_one_queue(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    actions.agent_pause(
        center["agent_user"], paused=True, reason=pause_reasons["lunch"], queue=center["support"]
    )
    sent = fixture_ami.next_action("QueuePause")
    assert (sent.get("Queue"), sent.get("Reason")) == ("support", "lunch")


def test_agent_may_not_pause_in_a_queue_they_are_not_in(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    with pytest.raises(actions.WallboardActionError) as refused:
        actions.agent_pause(
            center["agent_user"], paused=True, reason=pause_reasons["lunch"], queue=center["sales"]
        )
    assert refused.value.status == 403
    assert fixture_ami.actions.empty()
