"""The live picture of one Asterisk node: a pure, synchronous reducer from AMI events to state
(``callcenter.live.state.reducer``)."""

from callcenter.live.state.model import (
    AGENT_STATES,
    CALL_STATES,
    OUTCOMES,
    SNAPSHOT_VERSION,
    Agent,
    Call,
    Membership,
    QueueLive,
    channel_device,
    interface_device,
)
from callcenter.live.state.reducer import LiveState
from callcenter.live.state.resync import ResyncCorrections

__all__ = [
    "AGENT_STATES",
    "CALL_STATES",
    "OUTCOMES",
    "SNAPSHOT_VERSION",
    "Agent",
    "Call",
    "LiveState",
    "Membership",
    "QueueLive",
    "ResyncCorrections",
    "channel_device",
    "interface_device",
]
