"""One AMI connection to the simulated node."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from callcenter.simulator.ami_server.wire import MAX_UNREAD_BYTES


@dataclass(eq=False)
class Session:
    """One AMI connection."""

    writer: asyncio.StreamWriter
    session_id: str
    remote: str
    local_port: int
    opened: float
    username: str = ""
    authenticated: bool = False
    events: set[str] | None = field(default_factory=set)
    half_open: bool = False
    max_unread: int = MAX_UNREAD_BYTES

    def wants(self, privilege: str) -> bool:
        if not self.authenticated or self.half_open or (self.events is not None and not self.events):
            return False
        if self.events is None:
            return True
        return bool(self.events & set(privilege.split(",")))

    def write(self, data: bytes) -> None:
        if self.half_open or self.writer.is_closing():
            return
        transport = self.writer.transport
        if transport.get_write_buffer_size() > self.max_unread:
            # A client that stops reading is cut off, as Asterisk's writetimeout does, instead of
            # letting the simulator's memory grow without bound.
            transport.abort()
            return
        self.writer.write(data)
