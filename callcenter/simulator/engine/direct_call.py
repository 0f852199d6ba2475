"""A call bridged straight to one agent's phone, outside any queue (a preview call)."""

from __future__ import annotations

from callcenter.simulator.channels import STATE_DOWN, STATE_UP, Bridge, Channel
from callcenter.simulator.engine.constants import DEVICE_CONTEXT
from callcenter.simulator.engine.members import Members
from callcenter.simulator.engine.model import LocalCall
from callcenter.simulator.engine.values import parse_float


class DirectCalls(Members):
    """Dial(<agent interface>) for a dialer contact: the agent's device is busy for the call."""

    def _dial_agent_direct(self, lead: Channel, other: Channel | None, interface: str) -> None:
        """A call bridged straight to one agent's phone, outside any queue."""
        device = interface[:-2] if interface.startswith("Local/") and interface.endswith("/n") else interface
        legs = [lead] + ([other] if other is not None and other is not lead else [])
        if device in self.unavailable_devices or self.device_use.get(device, 0) > 0:
            for leg in legs:
                self._hangup(leg, 17)
            return
        if interface.startswith("Local/"):
            target = device[len("Local/") :]
            exten, _, context = target.partition("@")
            agent_one, agent_two = self._new_local_pair(exten, context or "agents", linkedid=lead.linkedid)
            agent_legs = [agent_one, agent_two]
        else:
            tag = f"{self._local_seq:08x}"
            self._local_seq += 1
            agent_one = self._new_channel(
                f"{interface}-{tag}", DEVICE_CONTEXT, lead.exten, state=STATE_DOWN, linkedid=lead.linkedid
            )
            agent_legs = [agent_one]
        for leg in agent_legs:
            leg.role = "agent"
            self._set_caller(leg, lead.cid_num, lead.cid_name, connected=True)
        self.device_use[device] = self.device_use.get(device, 0) + 1
        self._dial_begin(lead, agent_one, interface)
        self._device_state(device, "INUSE")
        self._member_status_event(device)
        call = LocalCall(one=lead, two=agent_one, kind="direct")
        bridge = Bridge(uniqueid=self._bridge_id())
        everyone = legs + agent_legs
        for leg in everyone:
            self.local_calls[leg.name] = call

        def answer() -> None:
            for leg in agent_legs:
                self._newstate(leg, STATE_UP)
            self._dial_end(lead, agent_one, "ANSWER")
            self._open_bridge(bridge, agent_one, lead)
            talk = parse_float(lead.variables.get("AGENT_TALK", ""), self.rng.uniform(30.0, 180.0))
            call.timers.append(self._later(talk, finish))

        def finish() -> None:
            if agent_one.hung_up and lead.hung_up:
                return
            self._cancel(call.timers)
            if bridge.channels:
                for party in list(bridge.channels):
                    self._leave_bridge(bridge, party)
                self._destroy_bridge(bridge)
            else:
                self._dial_end(lead, agent_one, "CANCEL")
            for leg in everyone:
                self._hangup(leg, 16)
                self.local_calls.pop(leg.name, None)
            self._release_device_name(device)
            self._device_state(device, "NOT_INUSE")
            self._member_status_event(device, avail=True)
            self.kick()

        call.finish = finish
        call.timers.append(self._later(self.rng.uniform(1.0, 4.0), answer))
