"""A supervisor's wallboard over the stack's WebSocket: the frames it receives, applied as the page applies them."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any

from websockets.sync.client import ClientConnection, connect

COLLECTIONS = ("agents", "queues", "calls")


@dataclass
class Board:
    """What the board shows: the last snapshot with every delta applied."""

    url: str
    session: str
    collections: dict[str, dict[str, Any]] = field(default_factory=lambda: {name: {} for name in COLLECTIONS})
    servers: dict[str, Any] = field(default_factory=dict)
    frames: int = 0
    error: BaseException | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _socket: ClientConnection | None = None

    def open(self) -> Board:
        self._socket = connect(
            self.url,
            additional_headers={
                "Cookie": f"sessionid={self.session}",
                "Origin": "https://127.0.0.1",
                "X-Forwarded-Proto": "https",
            },
            open_timeout=15,
        )
        threading.Thread(target=self._read, name="board", daemon=True).start()
        return self

    def _read(self) -> None:
        assert self._socket is not None
        try:
            for raw in self._socket:
                self._apply(json.loads(raw))
        except Exception as exc:
            self.error = exc

    def _apply(self, frame: dict[str, Any]) -> None:
        with self._lock:
            self.frames += 1
            if frame.get("type") == "snapshot":
                self.collections = {name: dict(frame.get(name) or {}) for name in COLLECTIONS}
                self.servers = dict(frame.get("servers") or {})
                return
            for name in COLLECTIONS:
                for key, item in (frame.get(name) or {}).items():
                    if item is None:
                        self.collections[name].pop(key, None)
                    else:
                        self.collections[name][key] = item
            self.servers.update(frame.get("servers") or {})

    def view(self) -> tuple[dict[str, str], dict[tuple[str, str], bool], dict[str, set[str]]]:
        """(queue -> strategy is not shown: queue names), (queue, interface) -> paused, queue -> waiting callids."""
        with self._lock:
            queues = {item["name"]: item["server"] for item in self.collections["queues"].values()}
            members = {
                (queue, agent["interface"]): queue in (agent.get("paused_queues") or {})
                for agent in self.collections["agents"].values()
                for queue in agent.get("queues") or []
            }
            waiting = {
                item["name"]: {entry["callid"] for entry in item.get("waiting") or []}
                for item in self.collections["queues"].values()
            }
        return queues, members, waiting

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
