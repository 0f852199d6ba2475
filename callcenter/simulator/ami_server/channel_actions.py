"""Channel snapshots and variables: CoreShowChannels, Status, Getvar, Setvar and the state lists."""

from __future__ import annotations

from callcenter.simulator.ami_server.base import AMIBase
from callcenter.simulator.ami_server.session import Session
from callcenter.simulator.ami_server.wire import Message, encode
from callcenter.simulator.channels import Channel, snapshot
from callcenter.simulator.engine import seconds_between


class ChannelActions(AMIBase):
    """Channels and device states as the node lists them."""

    @staticmethod
    def _duration(seconds: float) -> str:
        total = max(0, int(seconds))
        return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"

    def _channels(self) -> list[Channel]:
        return sorted(self.engine.channels.values(), key=lambda channel: channel.created, reverse=True)

    def _core_show_channels(self, session: Session, message: Message) -> None:
        now = self.engine.now()
        action_id = self._action_id(message)
        self._list_start(session, message, "Channels will follow")
        channels = self._channels()
        for channel in channels:
            session.write(
                encode(
                    [
                        ("Event", "CoreShowChannel"),
                        *action_id,
                        *snapshot(channel),
                        ("Application", channel.application),
                        ("ApplicationData", channel.app_data),
                        ("Duration", self._duration(now - channel.created)),
                        ("BridgeId", channel.bridge_id),
                    ]
                )
            )
        self._list_complete(session, message, "CoreShowChannelsComplete", len(channels))

    def _status(self, session: Session, message: Message) -> None:
        wanted = message.get("Channel")
        channels = self._channels()
        if wanted:
            channels = [channel for channel in channels if channel.name == wanted]
            if not channels:
                self._error(session, message, "No such channel")
                return
        variables = [name.strip() for name in message.get("Variables").split(",") if name.strip()]
        now = self.engine.now()
        self._list_start(session, message, "Channel status will follow")
        for channel in channels:
            session.write(
                encode(
                    [
                        ("Event", "Status"),
                        ("Privilege", "Call"),
                        *snapshot(channel),
                        ("Type", channel.tech),
                        ("DNID", ""),
                        ("EffectiveConnectedLineNum", channel.conn_num),
                        ("EffectiveConnectedLineName", channel.conn_name),
                        ("TimeToHangup", "0"),
                        ("BridgeID", channel.bridge_id),
                        ("Application", channel.application),
                        ("Data", channel.app_data),
                        ("Nativeformats", "(slin)"),
                        ("Readformat", "slin"),
                        ("Readtrans", ""),
                        ("Writeformat", "slin"),
                        ("Writetrans", ""),
                        ("Callgroup", "0"),
                        ("Pickupgroup", "0"),
                        ("Seconds", str(seconds_between(channel.created, now))),
                        *[
                            ("Variable", f"{name}={channel.variables.get(name, '(null)')}")
                            for name in variables
                        ],
                        *self._action_id(message),
                    ]
                )
            )
        self._list_complete(session, message, "StatusComplete", len(channels), ("Items", str(len(channels))))

    def _getvar(self, session: Session, message: Message) -> None:
        variable = message.get("Variable")
        if not variable:
            self._error(session, message, "No variable specified")
            return
        name = message.get("Channel")
        if name:
            channel = self.engine.channels.get(name)
            if channel is None:
                self._error(session, message, "No such channel")
                return
            value = channel.variables.get(variable, "")
        else:
            value = self.engine_globals.get(variable, "")
        self._reply(session, message, "Success", ("Variable", variable), ("Value", value))

    def _setvar(self, session: Session, message: Message) -> None:
        variable = message.get("Variable")
        if not variable:
            self._error(session, message, "No variable specified")
            return
        name, value = message.get("Channel"), message.get("Value")
        if name:
            channel = self.engine.channels.get(name)
            if channel is None:
                self._error(session, message, "No such channel")
                return
            channel.variables[variable.lstrip("_")] = value
            if self.engine.varset:
                self.engine.emit(
                    "VarSet", "dialplan,all", [*snapshot(channel), ("Variable", variable), ("Value", value)]
                )
        else:
            self.engine_globals = {**self.engine_globals, variable: value}
        self._success(session, message, "Variable Set")

    def _extension_state_list(self, session: Session, message: Message) -> None:
        # The simulated dialplan has no hints, like the recorded PBX (s05).
        self._list_start(session, message, "Extension Statuses will follow")
        self._list_complete(session, message, "ExtensionStateListComplete", 0)

    def _device_state_list(self, session: Session, message: Message) -> None:
        states = dict(self.engine.device_states)
        self._list_start(session, message, "Device State Changes will follow")
        for device, state in states.items():
            session.write(
                encode(
                    [
                        ("Event", "DeviceStateChange"),
                        *self._action_id(message),
                        ("Device", device),
                        ("State", state),
                    ]
                )
            )
        self._list_complete(session, message, "DeviceStateListComplete", len(states))
