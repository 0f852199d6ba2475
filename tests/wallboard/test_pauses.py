"""Pause limits: a pause longer than its reason's max_minutes is an alarm on the board until it ends, and
(with PAUSE_LIMIT_EMAIL) one e-mail per pause to the supervisors of the agent's team."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from pytest_django import Settings

from callcenter.agents.models import PauseReason
from callcenter.ami.protocol import Message
from callcenter.audit.models import AuditEntry
from callcenter.live.state import LiveState
from callcenter.wallboard import actions, board, pauses
from callcenter.wallboard.tasks import check_pause_limits
from tests.factories import PauseReasonFactory
from tests.wallboard.conftest import RECORDED_NOW, LiveStore, delete_redis_keys

pytestmark = pytest.mark.django_db

PAUSED_AT = RECORDED_NOW - 20 * 60  # 20 minutes before the snapshot's time


@pytest.fixture(autouse=True)
def forget_alerts() -> Iterator[None]:
    def clear() -> None:
        delete_redis_keys(pauses.PREFIX)
        pauses._memory.clear()

    clear()
    yield
    clear()


@pytest.fixture
def limits(db: None) -> dict[str, PauseReason]:
    return {
        "break": PauseReasonFactory(code="break", label="Break", max_minutes=Decimal("15")),
        "training": PauseReasonFactory(code="training", label="Training", max_minutes=None),
    }


def _pause(interface: str, member: str, queue: str, reason: str, *, paused: bool = True) -> Message:
    return Message(
        [
            ("Event", "QueueMemberPause"),
            ("Queue", queue),
            ("MemberName", member),
            ("Interface", interface),
            ("StateInterface", interface),
            ("Membership", "dynamic"),
            ("Penalty", "0"),
            ("LastPause", str(int(PAUSED_AT))),
            ("Status", "1"),
            ("Paused", "1" if paused else "0"),
            ("PausedReason", reason if paused else ""),
        ]
    )


def _state(*messages: Message) -> LiveState:
    state = LiveState("node1")
    for message in messages:
        state.apply(message, RECORDED_NOW)
    return state


def test_a_reason_limit_is_in_seconds_and_may_be_a_fraction_of_a_minute(db: None) -> None:
    assert PauseReasonFactory(code="quick", max_minutes=Decimal("0.5")).limit_s == 30.0
    assert PauseReasonFactory(code="free", max_minutes=None).limit_s is None
    assert pauses.pause_limits() == {"quick": 30.0}


def test_a_pause_runs_over_at_its_start_plus_the_reasons_limit(limits: dict[str, PauseReason]) -> None:
    live = _state(_pause("PJSIP/1001", "Agent 1001", "support", "break")).snapshot(RECORDED_NOW)
    pause = pauses.limited_pause("node1", "PJSIP/1001", live["agents"]["PJSIP/1001"], pauses.pause_limits())
    assert pause is not None
    assert (pause.reason, pause.since, pause.alarm_at) == ("break", PAUSED_AT, PAUSED_AT + 900)


def test_only_pauses_past_their_limit_are_long(limits: dict[str, PauseReason]) -> None:
    snapshot = _state(
        _pause("PJSIP/1001", "Agent 1001", "support", "break"),
        _pause("PJSIP/1002", "Agent 1002", "support", "training"),  # no limit
    ).snapshot(RECORDED_NOW)
    snapshots = {"node1": snapshot}
    assert [p.member_name for p in pauses.long_pauses(snapshots, pauses.pause_limits(), RECORDED_NOW)] == [
        "Agent 1001"
    ]
    # Fourteen minutes into the break it is not over yet.
    assert pauses.long_pauses(snapshots, pauses.pause_limits(), PAUSED_AT + 14 * 60) == []


def test_the_board_item_carries_the_alarm_and_loses_it_when_the_pause_ends(
    center: dict[str, Any], limits: dict[str, PauseReason]
) -> None:
    scope = board.scope_for(center["sam"])
    state = _state(_pause(center["ivan"].effective_interface, "Agent 1001", "support", "break"))
    interface = center["ivan"].effective_interface
    item = board.agent_view(scope, "node1", interface, state.snapshot(RECORDED_NOW)["agents"][interface])
    assert item is not None
    assert (item["pause_alarm_at"], item["pause_limit_s"], item["pause_limit_reason"]) == (
        PAUSED_AT + 900,
        900.0,
        "break",
    )
    assert board.pause_alarms({interface: item}, RECORDED_NOW) == [item]
    assert board.pause_alarms({interface: item}, PAUSED_AT + 60) == []

    state.apply(_pause(interface, "Agent 1001", "support", "", paused=False), RECORDED_NOW + 5)
    after = board.agent_view(scope, "node1", interface, state.snapshot(RECORDED_NOW + 5)["agents"][interface])
    assert after is not None
    assert after["pause_alarm_at"] is None
    assert board.pause_alarms({interface: after}, RECORDED_NOW + 5) == []


def test_no_email_unless_the_setting_is_on(
    center: dict[str, Any], limits: dict[str, PauseReason], live_store: LiveStore, settings: Settings
) -> None:
    settings.PAUSE_LIMIT_EMAIL = False
    live_store.write("node1", _state(_pause("PJSIP/1001", "Agent 1001", "support", "break")))
    assert actions.alert_long_pauses(RECORDED_NOW) == []
    assert mail.outbox == []


def test_supervisors_get_one_email_per_long_pause(
    center: dict[str, Any], limits: dict[str, PauseReason], live_store: LiveStore, settings: Settings
) -> None:
    settings.PAUSE_LIMIT_EMAIL = True
    sam = center["sam"]
    sam.email = "sam@example.com"
    sam.save()
    center["tina"].email = "tina@example.com"
    center["tina"].save()
    live_store.write(
        "node1", _state(_pause(center["ivan"].effective_interface, "Agent 1001", "support", "break"))
    )

    alerted = actions.alert_long_pauses(RECORDED_NOW)
    assert [pause.member_name for pause in alerted] == ["Agent 1001"]
    [message] = mail.outbox
    assert message.to == ["sam@example.com"]  # Ivan's team is North: Sam's, not Tina's
    assert "break" in message.subject and center["ivan"].display_name in message.subject
    assert "20 min" in message.body and "15 min" in message.body
    entry = AuditEntry.objects.get(action="wallboard.pause_alert")
    assert (entry.result, entry.detail, entry.changes["reason"]) == ("ok", "sam@example.com", "break")

    # The next check finds the same pause: already told.
    assert actions.alert_long_pauses(RECORDED_NOW + 30) == []
    assert len(mail.outbox) == 1


def test_a_team_without_supervisor_email_is_audited_not_mailed(
    center: dict[str, Any], limits: dict[str, PauseReason], live_store: LiveStore, settings: Settings
) -> None:
    settings.PAUSE_LIMIT_EMAIL = True
    live_store.write(
        "node1", _state(_pause(center["ivan"].effective_interface, "Agent 1001", "support", "break"))
    )
    assert actions.alert_long_pauses(RECORDED_NOW) == []
    assert mail.outbox == []
    assert AuditEntry.objects.get(action="wallboard.pause_alert").result == "skipped"


def test_the_celery_task_runs_the_check(
    center: dict[str, Any], limits: dict[str, PauseReason], live_store: LiveStore, settings: Settings
) -> None:
    settings.PAUSE_LIMIT_EMAIL = True
    center["sam"].email = "sam@example.com"
    center["sam"].save()
    # The live pause began at its LastPause, long before the task runs now: it is over its limit.
    live_store.write(
        "node1", _state(_pause(center["ivan"].effective_interface, "Agent 1001", "support", "break"))
    )
    assert check_pause_limits.apply().get() == 1
    assert len(mail.outbox) == 1
