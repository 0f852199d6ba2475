"""One live channel of the simulated node."""

from __future__ import annotations

from dataclasses import dataclass, field

from callcenter.simulator.channels.states import STATE_DOWN, UNKNOWN


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
