"""ChanSpy: a supervisor's phone listening to, whispering to or barging into a channel."""

from __future__ import annotations

from callcenter.simulator.channels import STATE_UP, Channel, snapshot
from callcenter.simulator.engine.model import LocalCall, SpySession
from callcenter.simulator.engine.state import EngineState


class ChanSpy(EngineState):
    """ChanSpyStart/ChanSpyStop around a spying phone's call."""

    def _spy_start(self, call: LocalCall, data: str) -> None:
        spec, _, options = data.partition(",")
        spyee = self._find_spyee(spec.strip())
        mode = "barge" if "B" in options else "whisper" if "w" in options else "listen"
        spy = SpySession(spyer=call.one, other=call.two, spyee=spyee, mode=mode)
        call.spy = spy
        if spyee is None:
            return
        self.spies.append(spy)
        self.emit("ChanSpyStart", "call,all", [*snapshot(call.one, "Spyer"), *snapshot(spyee, "Spyee")])

    def _find_spyee(self, spec: str) -> Channel | None:
        if not spec:
            return None
        matches = [
            channel
            for channel in self.channels.values()
            # As ChanSpy: the spec is a prefix of the channel name, compared without regard to case.
            if channel.name.lower().startswith(spec.lower())
            and channel.state == STATE_UP
            and channel.role != "originate"
        ]
        matches.sort(key=lambda channel: (not channel.name.endswith(";2"), channel.created))
        return matches[0] if matches else None

    def _spy_stop(self, spy: SpySession) -> None:
        if spy not in self.spies or spy.spyee is None:
            return
        self.spies.remove(spy)
        self.emit("ChanSpyStop", "call,all", [*snapshot(spy.spyer, "Spyer"), *snapshot(spy.spyee, "Spyee")])
