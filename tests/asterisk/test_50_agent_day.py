"""An agent's and a supervisor's hands on real phones: log in and out, transfer, listen, whisper, barge."""

from __future__ import annotations

import pytest

from tests.asterisk.conftest import (
    SALES_DID,
    Center,
    agent_phone,
    assert_live_equals_asterisk,
    log_mark,
    talk,
    wait_idle,
    wait_log,
)
from tests.asterisk.node import wait_until


def _members(center: Center, queue: str) -> str:
    return center.node.cli(f"queue show {queue}")


def _feature_code(center: Center, extension: str, code: str) -> None:
    """The agent dials a feature code from the desk phone and hangs up after the confirmation beep."""
    phone = center.phones[extension]
    since = phone.dial(f"sip:{code}@127.0.0.1:{center.node.sip_port}")
    phone.wait_disconnected(since)


def test_a_dynamic_agent_logs_in_and_out_by_feature_code(center: Center) -> None:
    mark = log_mark(center)
    _feature_code(center, "1004", "*70")
    added = wait_log(center, "ADDMEMBER", queue="sales", after=mark)
    assert added.agent == "PJSIP/1004"  # Asterisk names a dynamic member by its interface here
    assert "PJSIP/1004" in _members(center, "sales")
    assert_live_equals_asterisk(center)
    _feature_code(center, "1004", "*71")
    wait_log(center, "REMOVEMEMBER", queue="sales", after=mark)
    assert "PJSIP/1004" not in _members(center, "sales")
    assert_live_equals_asterisk(center)


def test_a_dynamic_agent_logs_in_and_out_from_the_agent_page(center: Center) -> None:
    from callcenter.accounts.models import User
    from callcenter.pbx.models import Queue
    from callcenter.wallboard.actions import agent_login, agent_logout

    user, sales = User.objects.get(username="agent4"), Queue.objects.get(name="sales")
    mark = log_mark(center)
    agent_login(user, sales)
    wait_log(center, "ADDMEMBER", queue="sales", after=mark)
    assert "PJSIP/1004" in _members(center, "sales")
    assert_live_equals_asterisk(center)
    agent_logout(user, sales)
    wait_log(center, "REMOVEMEMBER", queue="sales", after=mark)
    assert_live_equals_asterisk(center)


def test_an_agent_blind_transfers_a_caller_to_another_extension(center: Center) -> None:
    mark = log_mark(center)
    caller, since = center.call(SALES_DID, "79161110007")
    enter = wait_log(center, "ENTERQUEUE", queue="sales", after=mark)
    connect = wait_log(center, "CONNECT", callid=enter.callid)
    agent = agent_phone(center, connect.agent)
    talk(center, enter.callid, 2)
    target = "1003" if connect.agent != "Agent 1003" else "1002"
    rings = center.phones[target].mark()
    agent.transfer(f"sip:{target}@127.0.0.1:{center.node.sip_port}")
    transfer = wait_log(center, "BLINDTRANSFER", callid=enter.callid)
    assert transfer.agent == connect.agent
    assert transfer.data[0] == target
    center.phones[target].wait_confirmed(rings)
    center.driven.answer("sales", connect.agent, "transferred")
    caller.hangup()
    caller.wait_disconnected(since)
    wait_idle(center)
    assert_live_equals_asterisk(center)


@pytest.mark.parametrize("mode,options", [("listen", "q"), ("whisper", "qw"), ("barge", "qB")])
def test_a_supervisor_spies_on_an_agents_call_from_the_wallboard(
    center: Center, mode: str, options: str
) -> None:
    from callcenter.accounts.models import User
    from callcenter.agents.models import Agent
    from callcenter.wallboard.actions import start_spy

    mark = log_mark(center)
    caller, since = center.call(SALES_DID, "79161110008")
    enter = wait_log(center, "ENTERQUEUE", queue="sales", after=mark)
    connect = wait_log(center, "CONNECT", callid=enter.callid)
    extension = connect.agent.rsplit(" ", 1)[-1]
    assert_live_equals_asterisk(center)  # the board knows the agent is in a call before anyone spies
    supervisor = User.objects.get(username="admin")
    supervisor.phone_extension = "900"
    supervisor.save(update_fields=["phone_extension"])
    phone = center.phones["900"]
    rings = phone.mark()
    start_spy(supervisor, Agent.objects.get(extension=extension), mode)
    phone.wait_confirmed(rings)

    def spying() -> str | None:
        for line in center.node.cli("core show channels concise").splitlines():
            fields = line.split("!")
            if fields[0].startswith("PJSIP/900-") and fields[5] == "ChanSpy":
                return fields[6]
        return None

    data = wait_until(spying, 10, "the supervisor's channel to run ChanSpy")
    assert data == f"PJSIP/{extension}-,{options}"
    phone.hangup()
    phone.wait_disconnected(rings)
    caller.hangup()
    caller.wait_disconnected(since)
    wait_idle(center)
    center.driven.answer("sales", connect.agent)
    assert_live_equals_asterisk(center)
