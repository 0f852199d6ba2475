"""Originate as Asterisk 22 answers it in s07_outbound, or as a node that fails it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from callcenter.ami.protocol import Message
from tests.harness.ami import AMIServer, Connection
from tests.harness.frames import frame, response

# "ok": ``Response: Success`` / "Originate successfully queued", then the OriginateResponse event with the
# configured Reason; "drop": the socket closes on the Originate, before any response; "error":
# ``Response: Error``.
OriginateOutcome = Literal["ok", "drop", "error"]


@dataclass
class Originator:
    """Answers every Originate with ``behaviour``; Reason "4" (answered) or another cause code."""

    behaviour: OriginateOutcome = "ok"
    reason: str = "4"

    def install(self, server: AMIServer) -> None:
        server.handlers["Originate"] = self._originate

    def _originate(self, connection: Connection, message: Message) -> bytes | None:
        action_id = message.action_id or ""
        if self.behaviour == "drop":
            connection.close()
            return None
        if self.behaviour == "error":
            return response(action_id, "Error", Message="Originate failed")
        answered = self.reason == "4"
        return response(action_id, Message="Originate successfully queued") + frame(
            ("Event", "OriginateResponse"),
            ("Privilege", "call,all"),
            ("ActionID", action_id),
            ("Response", "Success" if answered else "Failure"),
            ("Channel", message.get("Channel") or ""),
            ("Context", message.get("Context") or ""),
            ("Exten", message.get("Exten") or ""),
            ("Reason", self.reason),
            ("Uniqueid", "1795355901.32" if answered else "<unknown>"),
        )
