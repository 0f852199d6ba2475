"""A bridge joining channels, and the block of headers bridge events carry."""

from __future__ import annotations

from dataclasses import dataclass, field

from callcenter.simulator.channels.channel import Channel
from callcenter.simulator.channels.headers import Headers
from callcenter.simulator.channels.states import UNKNOWN


@dataclass(eq=False)
class Bridge:
    """A basic two-party bridge (what app_queue creates when a member answers)."""

    uniqueid: str
    channels: list[Channel] = field(default_factory=list)

    def headers(self) -> Headers:
        return [
            ("BridgeUniqueid", self.uniqueid),
            ("BridgeType", "basic"),
            ("BridgeTechnology", "simple_bridge"),
            ("BridgeCreator", UNKNOWN),
            ("BridgeName", UNKNOWN),
            ("BridgeNumChannels", str(len(self.channels))),
            ("BridgeVideoSourceMode", "none"),
        ]
