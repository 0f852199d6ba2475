"""The simulated PBX (see pbx.py); the names other modules use."""

from callcenter.simulator.engine.constants import (
    DEVICE_INUSE,
    DEVICE_NOT_INUSE,
    DEVICE_RINGING,
    DEVICE_UNAVAILABLE,
    PHONE_ROUNDTRIP_US,
)
from callcenter.simulator.engine.model import EngineError, OriginateRequest, Queue, QueueEntry, QueueMember
from callcenter.simulator.engine.pbx import Engine
from callcenter.simulator.engine.values import seconds_between

__all__ = [
    "DEVICE_INUSE",
    "DEVICE_NOT_INUSE",
    "DEVICE_RINGING",
    "DEVICE_UNAVAILABLE",
    "PHONE_ROUNDTRIP_US",
    "Engine",
    "EngineError",
    "OriginateRequest",
    "Queue",
    "QueueEntry",
    "QueueMember",
    "seconds_between",
]
