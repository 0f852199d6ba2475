"""Channels, bridges and the header blocks Asterisk 22 puts in every channel event.

A channel snapshot is always the same 14 headers (Channel ... Linkedid); events about two channels repeat
the block with a prefix (``Dest``, ``LocalOne``/``LocalTwo``, ``Spyer``/``Spyee``), exactly as the recordings show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Headers = list[tuple[str, str]]

STATE_DOWN = 0
STATE_RING = 4
STATE_RINGING = 5
STATE_UP = 6
STATE_BUSY = 7
STATE_DESC = {0: "Down", 1: "Rsrvd", 2: "OffHook", 3: "Dialing", 4: "Ring", 5: "Ringing", 6: "Up", 7: "Busy"}
UNKNOWN = "<unknown>"

CAUSE_TEXT = {
    0: "Unknown",
    16: "Normal Clearing",
    17: "User busy",
    19: "User alerting, no answer",
    34: "Circuit/channel congestion",
}


@dataclass(eq=False)
class Channel:
    """One live channel: what its events and CoreShowChannels / Status report about it."""

    name: str
    uniqueid: str
    linkedid: str
    context: str
    exten: str
    created: float
    state: int = STATE_DOWN
    priority: int = 1
    cid_num: str = UNKNOWN
    cid_name: str = UNKNOWN
    conn_num: str = UNKNOWN
    conn_name: str = UNKNOWN
    application: str = ""
    app_data: str = ""
    bridge_id: str = ""
    variables: dict[str, str] = field(default_factory=dict)
    hung_up: bool = False
    role: str = ""

    @property
    def device(self) -> str:
        """The device a Local channel counts against (``Local/1001@agents``), as DeviceStateChange names it."""
        if self.name.startswith("Local/"):
            return self.name.rsplit("-", 1)[0]
        return self.name.rsplit("-", 1)[0] if "-" in self.name else self.name

    @property
    def tech(self) -> str:
        return self.name.split("/", 1)[0]


def snapshot(channel: Channel, prefix: str = "") -> Headers:
    """The standard channel block, optionally prefixed."""
    return [
        (f"{prefix}Channel", channel.name),
        (f"{prefix}ChannelState", str(channel.state)),
        (f"{prefix}ChannelStateDesc", STATE_DESC.get(channel.state, "Unknown")),
        (f"{prefix}CallerIDNum", channel.cid_num),
        (f"{prefix}CallerIDName", channel.cid_name),
        (f"{prefix}ConnectedLineNum", channel.conn_num),
        (f"{prefix}ConnectedLineName", channel.conn_name),
        (f"{prefix}Language", "en"),
        (f"{prefix}AccountCode", ""),
        (f"{prefix}Context", channel.context),
        (f"{prefix}Exten", channel.exten),
        (f"{prefix}Priority", str(channel.priority)),
        (f"{prefix}Uniqueid", channel.uniqueid),
        (f"{prefix}Linkedid", channel.linkedid),
    ]


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
