"""One caller in the support queue, from joining to being answered by Ivan on PJSIP/1001."""

from __future__ import annotations

from callcenter.ami.protocol import Message
from callcenter.live.state import LiveState
from tests.live.events import T0, QueueCall

CALL = QueueCall("1795355900.1", "Local/support@queue-entry-00000010;2")
IVAN = "PJSIP/1001"
IVAN_LEG = "PJSIP/1001-0000002a"


def waiting(state: LiveState, now: float = T0) -> None:
    """The caller's Local ;2 channel runs Queue(support) and joins, as in the recordings."""
    state.apply(CALL.event("Newchannel"), now)
    state.apply(CALL.event("Newexten", Application="Queue", AppData="support,,,,120"), now)
    state.apply(
        CALL.queue_event(
            "QueueCallerJoin", CallerIDNum="5550100", CallerIDName="Timeout Caller", Position="1", Count="1"
        ),
        now,
    )


def answered(state: LiveState) -> None:
    """Ivan's phone rings at T0 + 1 and he answers at T0 + 3."""
    waiting(state)
    state.apply(CALL.agent_event("AgentCalled", IVAN, "Ivan", DestChannel=IVAN_LEG), T0 + 1)
    state.apply(CALL.queue_event("QueueCallerLeave"), T0 + 3)
    state.apply(
        CALL.agent_event("AgentConnect", IVAN, "Ivan", DestChannel=IVAN_LEG, HoldTime="3", RingTime="2"),
        T0 + 3,
    )


def completed(talk_s: int, reason: str) -> Message:
    """AgentComplete after ``talk_s`` seconds of talk, ended by ``reason``."""
    return CALL.agent_event("AgentComplete", IVAN, "Ivan", HoldTime="3", TalkTime=str(talk_s), Reason=reason)
