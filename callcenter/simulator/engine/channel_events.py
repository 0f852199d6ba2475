"""Channels and the events that describe them: creation, dialplan steps, states, variables, dials, hangups."""

from __future__ import annotations

from callcenter.simulator.channels import (
    CAUSE_TEXT,
    STATE_DOWN,
    STATE_RING,
    Bridge,
    Channel,
    Headers,
    snapshot,
)
from callcenter.simulator.engine.spy import ChanSpy


class ChannelEvents(ChanSpy):
    """Channel bookkeeping and the Newchannel/Newexten/Newstate/VarSet/Dial*/Hangup events."""

    def _new_channel(self, name: str, context: str, exten: str, *, state: int, linkedid: str = "") -> Channel:
        uid = self._uniqueid()
        channel = Channel(
            name=name,
            uniqueid=uid,
            linkedid=linkedid or uid,
            context=context,
            exten=exten,
            created=self.now(),
            state=state,
        )
        self.channels[name] = channel
        self.emit("Newchannel", "call,all", snapshot(channel))
        return channel

    def _new_local_pair(self, exten: str, context: str, linkedid: str = "") -> tuple[Channel, Channel]:
        tag = f"{self._local_seq:08x}"
        self._local_seq += 1
        base = f"Local/{exten}@{context}-{tag}"
        one = self._new_channel(f"{base};1", context, exten, state=STATE_DOWN, linkedid=linkedid)
        two = self._new_channel(
            f"{base};2", context, exten, state=STATE_RING, linkedid=linkedid or one.linkedid
        )
        return one, two

    def _newexten(
        self, channel: Channel, application: str, data: str, *, priority: int | None = None
    ) -> None:
        if priority is not None:
            channel.priority = priority
        channel.application = application
        channel.app_data = data
        self.emit(
            "Newexten",
            "dialplan,all",
            [
                *snapshot(channel),
                ("Extension", channel.exten),
                ("Application", application),
                ("AppData", data),
            ],
        )

    def _newstate(self, channel: Channel, state: int) -> None:
        channel.state = state
        self.emit("Newstate", "call,all", snapshot(channel))

    def _setvar(self, channel: Channel, name: str, value: str) -> None:
        channel.variables[name.lstrip("_")] = value
        if self.varset:
            self.emit("VarSet", "dialplan,all", [*snapshot(channel), ("Variable", name), ("Value", value)])

    def _new_callerid(self, channel: Channel) -> None:
        self.emit(
            "NewCallerid",
            "call,all",
            [*snapshot(channel), ("CID-CallingPres", "0 (Presentation Allowed, Not Screened)")],
        )

    def _new_connected_line(self, channel: Channel) -> None:
        self.emit("NewConnectedLine", "call,all", snapshot(channel))

    def _device_state(self, device: str, state: str) -> None:
        self.device_states[device] = state
        self.emit("DeviceStateChange", "call,all", [("Device", device), ("State", state)])

    def _local_bridge(self, one: Channel, two: Channel, optimization: bool) -> None:
        self.emit(
            "LocalBridge",
            "call,all",
            [
                *snapshot(one, "LocalOne"),
                *snapshot(two, "LocalTwo"),
                ("Context", two.context),
                ("Exten", two.exten),
                ("LocalOptimization", "Yes" if optimization else "No"),
            ],
        )

    def _hangup_request(self, channel: Channel, cause: int, *, soft: bool = False) -> None:
        self.emit(
            "SoftHangupRequest" if soft else "HangupRequest",
            "call,all",
            [*snapshot(channel), ("Cause", str(cause))],
        )

    def _hangup(self, channel: Channel, cause: int) -> None:
        if channel.hung_up:
            return
        for spy in list(self.spies):
            if spy.spyer is channel:
                self._spy_stop(spy)
        channel.hung_up = True
        self.channels.pop(channel.name, None)
        self.emit(
            "Hangup",
            "call,all",
            [*snapshot(channel), ("Cause", str(cause)), ("Cause-txt", CAUSE_TEXT.get(cause, "Unknown"))],
        )
        for spy in self.spies:
            if spy.spyee is channel:
                self._spy_stop(spy)

    def _set_caller(self, channel: Channel, num: str, name: str, *, connected: bool) -> None:
        channel.cid_num, channel.cid_name = num, name
        if connected:
            channel.conn_num, channel.conn_name = num, name

    def _dial_begin(self, caller: Channel | None, dest: Channel, dial_string: str) -> None:
        headers: Headers = [*snapshot(caller)] if caller else []
        self.emit("DialBegin", "call,all", [*headers, *snapshot(dest, "Dest"), ("DialString", dial_string)])

    def _dial_end(self, caller: Channel | None, dest: Channel, status: str) -> None:
        headers: Headers = [*snapshot(caller)] if caller else []
        self.emit("DialEnd", "call,all", [*headers, *snapshot(dest, "Dest"), ("DialStatus", status)])

    def _dial_state(self, caller: Channel | None, dest: Channel, status: str) -> None:
        headers: Headers = [*snapshot(caller)] if caller else []
        self.emit("DialState", "call,all", [*headers, *snapshot(dest, "Dest"), ("DialStatus", status)])

    def _open_bridge(self, bridge: Bridge, *parties: Channel) -> None:
        """BridgeCreate, then each party's BridgeEnter in order."""
        self.emit("BridgeCreate", "call,all", bridge.headers())
        for party in parties:
            bridge.channels.append(party)
            party.bridge_id = bridge.uniqueid
            self.emit("BridgeEnter", "call,all", [*bridge.headers(), *snapshot(party)])

    def _leave_bridge(self, bridge: Bridge | None, party: Channel) -> None:
        if bridge is None or party not in bridge.channels:
            return
        bridge.channels.remove(party)
        party.bridge_id = ""
        self.emit("BridgeLeave", "call,all", [*bridge.headers(), *snapshot(party)])

    def _destroy_bridge(self, bridge: Bridge | None) -> None:
        if bridge is not None:
            self.emit("BridgeDestroy", "call,all", bridge.headers())
