"""Reloads and the simulator's faults (dropped connections, a half-open link, a malformed frame, a restart)."""

from __future__ import annotations

from collections.abc import Callable

from callcenter.simulator.ami_server.base import AMIBase
from callcenter.simulator.ami_server.catalog import RELOADABLE_MODULES
from callcenter.simulator.ami_server.session import Session
from callcenter.simulator.ami_server.wire import Message


class SystemActions(AMIBase):
    """Reload, QueueReload and SimulatorFault."""

    def drop_connections(self) -> int:
        """Fault: close every AMI connection at once (as a crash or a network cut would)."""
        dropped = 0
        for session in list(self.sessions):
            transport = session.writer.transport
            if not transport.is_closing():
                transport.abort()
                dropped += 1
        self.sessions.clear()
        return dropped

    def half_open(self, enabled: bool = True) -> None:
        """Fault: keep current sockets open but answer nothing and send no events (a half-open link)."""
        for session in self.sessions:
            session.half_open = enabled

    def send_malformed(self) -> None:
        """Fault: write a frame no AMI parser can read whole (a line without a colon, a bad byte)."""
        for session in self.sessions:
            session.write(b"Event: Broken\r\nthis line has no colon\r\nPrivilege\r\n\xff\xfe: \x00\r\n\r\n")

    def restart(self) -> None:
        """Fault: the PBX restarts: connections drop, calls vanish, Uniqueids restart, members reload."""
        self.drop_connections()
        if self.reload_queues is not None:
            configs = self.reload_queues()
            self.engine.queues.clear()
            self.engine.load_queues(configs, keep_members=False)
        self.engine.restart()
        if self.on_restart is not None:
            self.on_restart()

    def _reload_queues(self) -> bool:
        if self.reload_queues is None:
            return False
        self.engine.load_queues(self.reload_queues(), keep_members=True)
        self.engine.kick()
        return True

    def _reload(self, session: Session, message: Message) -> None:
        module = message.get("Module")
        if module and module.removesuffix(".so") not in RELOADABLE_MODULES:
            self._error(session, message, "No such module")
            return
        if module in ("", "app_queue.so", "app_queue"):
            self._reload_queues()
        self._success(session, message, "Module Reloaded")
        self.engine.emit("Reload", "system,all", [("Module", module or "All"), ("Status", "0")])

    def _queue_reload(self, session: Session, message: Message) -> None:
        queue = message.get("Queue")
        if queue and queue not in self.engine.queues:
            self._error(session, message, "Error encountered while reloading queue")
            return
        self._reload_queues()
        self._success(session, message, "Queue reloaded successfully")

    def _fault(self, session: Session, message: Message) -> None:
        fault = message.get("Fault").strip().lower()
        faults: dict[str, Callable[[], object]] = {
            "drop": self.drop_connections,
            "halfopen": self.half_open,
            "malformed": self.send_malformed,
            "restart": self.restart,
        }
        action = faults.get(fault)
        if action is None:
            self._error(session, message, "Fault must be one of: drop, halfopen, malformed, restart")
            return
        self._success(session, message, f"Fault {fault} triggered")
        action()
