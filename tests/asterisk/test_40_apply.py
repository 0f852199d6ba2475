"""Configuration applied to a running node: a new strategy and a removed member reach Asterisk and the
boards; a member that does not answer is passed over; a bad configuration never goes live; a rollback does."""

from __future__ import annotations

import re

import pytest

from tests.asterisk.conftest import (
    VIP_DID,
    Center,
    agent_phone,
    apply,
    assert_live_equals_asterisk,
    change_queue,
    log_mark,
    wait_idle,
    wait_log,
)
from tests.asterisk.phones import registered_phone


def _vip_members(center: Center) -> list[str]:
    """vip's members in the order Asterisk holds them (the order of queues.conf, which linear rings in)."""
    text = (center.node.config_dir / "live" / "queues.conf").read_text()
    section = text.split("[vip]", 1)[1].split("\n[", 1)[0]
    return re.findall(r"^member => PJSIP/(\d+),", section, re.M)


@pytest.fixture(scope="module")
def vip_linear(center: Center) -> Center:
    """vip rings its members one by one (linear, 4 s each) and no longer has 1002."""
    from callcenter.agents import actions as agent_actions
    from callcenter.agents.models import QueueMembership

    membership = QueueMembership.objects.get(queue__name="vip", agent__extension="1002")
    agent_actions.delete(None, membership)
    change_queue(center, "vip", strategy="linear", timeout=4)
    return center


def test_an_apply_changes_the_strategy_and_removes_the_member_on_asterisk_and_on_the_boards(
    vip_linear: Center,
) -> None:
    center = vip_linear
    output = center.node.cli("queue show vip")
    assert "'linear' strategy" in output, output
    assert "PJSIP/1002" not in output
    assert_live_equals_asterisk(center)  # no event told the bridge: it asked Asterisk after the reload


def test_a_member_who_does_not_answer_is_passed_over_for_the_next(vip_linear: Center) -> None:
    center = vip_linear
    first, second = _vip_members(center)[:2]
    password = center.passwords[first]
    center.phones[first].stop()
    silent = registered_phone(first, password, center.node.sip_port, auto_answer=False)
    try:
        mark = log_mark(center)
        caller, _ = center.call(VIP_DID, "79161110006")
        enter = wait_log(center, "ENTERQUEUE", queue="vip", after=mark)
        noanswer = wait_log(center, "RINGNOANSWER", callid=enter.callid)
        assert noanswer.agent == f"Agent {first}"
        assert int(noanswer.data[0]) >= 4000  # ms of ringing: the queue's timeout
        connect = wait_log(center, "CONNECT", callid=enter.callid)
        assert connect.agent == f"Agent {second}"
        assert_live_equals_asterisk(center)
        caller.hangup()
        wait_log(center, "COMPLETECALLER", callid=enter.callid)
        wait_idle(center)
        center.driven.answer("vip", connect.agent)
        center.driven.no_answers.append(noanswer.agent)
    finally:
        silent.stop()
        center.phones[first] = registered_phone(first, password, center.node.sip_port)
    assert agent_phone(center, f"Agent {first}").process is not None


def test_a_configuration_asterisk_would_misread_is_refused_and_nothing_changes(vip_linear: Center) -> None:
    from callcenter.pbx.models import ConfigApply, Queue

    center = vip_linear
    live = (center.node.config_dir / "live").resolve()
    # A value written around the model's validation (a raw update, a bad migration) is caught at render.
    Queue.objects.filter(name="vip").update(strategy="linear\n[evil]")
    try:
        entry = apply(center.server, center.node.sounds / "en")
    finally:
        Queue.objects.filter(name="vip").update(strategy="linear")
    assert entry.status == ConfigApply.Status.REFUSED
    assert (center.node.config_dir / "live").resolve() == live
    assert "evil" not in center.node.cli("queue show")
    assert "linear" in entry.error or "strategy" in entry.error, entry.error
    assert_live_equals_asterisk(center)


def test_a_rollback_puts_the_previous_version_back_live(vip_linear: Center) -> None:
    from callcenter.pbx.actions import rollback_configuration
    from callcenter.pbx.models import ConfigApply

    center = vip_linear
    current = change_queue(center, "vip", strategy="rrmemory")
    assert "'rrmemory' strategy" in center.node.cli("queue show vip")
    entry = rollback_configuration(None, center.server, current.previous_version)
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    assert "'linear' strategy" in center.node.cli("queue show vip")
    assert_live_equals_asterisk(center)
    # The database still says rrmemory; saying linear again renders exactly the version now live.
    assert change_queue(center, "vip", strategy="linear").status == ConfigApply.Status.UNCHANGED


@pytest.mark.parametrize("name", ["SUPPORT", "General"])
def test_a_queue_asterisk_would_merge_or_skip_is_refused_before_any_apply(center: Center, name: str) -> None:
    """app_queue's section names ignore case ("Queue 'support' already defined! Skipping!") and [general] is
    its settings: such a queue is refused with a message, and the node never sees it."""
    from django.core.exceptions import ValidationError

    from callcenter.pbx import actions as pbx_actions
    from callcenter.pbx.models import Queue

    with pytest.raises(ValidationError) as error:
        pbx_actions.save(None, Queue(name=name))
    assert "name" in error.value.message_dict
    assert not Queue.objects.filter(name=name).exists()
    assert apply(center.server, center.node.sounds / "en").status == "unchanged"
    assert f"\n{name} has" not in center.node.cli("queue show")
