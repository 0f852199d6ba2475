"""A real TCP AMI server for the apply tests, answering reloads the way Asterisk 22 does in s09_reload.

Like Asterisk, it reads the node's live queues.conf when app_queue is reloaded, so QueueStatus reports
what the files really say, and the live musiconhold.conf and its class directories when res_musiconhold is
reloaded, so ``moh show files`` lists what Asterisk would have loaded. It can be told to refuse a module's reload (``Response: Error``, as
manager.c answers when a module fails to reload) or to ignore a reload (the node keeps its old queues).
"""

from __future__ import annotations

import re
import socketserver
import threading
from pathlib import Path

BANNER = b"Asterisk Call Manager/11.0.0\r\n"
SECRET = "ccadmin-dummy-secret"


def _frame(*headers: tuple[str, str]) -> bytes:
    return "".join(f"{key}: {value}\r\n" for key, value in headers).encode() + b"\r\n"


def queues_in(path: Path) -> dict[str, str]:
    """Queue -> strategy, read from a queues.conf the way app_queue would on reload."""
    strategies: dict[str, str] = {}
    current = None
    if not path.exists():
        return strategies
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(";", 1)[0].strip()
        section = re.fullmatch(r"\[([^\]]+)\]", line)
        if section:
            current = section.group(1) if section.group(1) != "general" else None
            if current:
                strategies[current] = "ringall"
        elif current and line.startswith("strategy"):
            strategies[current] = line.split("=", 1)[1].strip()
    return strategies


def moh_in(path: Path) -> dict[str, list[str]]:
    """Class -> file paths without extension, as res_musiconhold scans a musiconhold.conf's directories."""
    classes: dict[str, list[str]] = {}
    current = None
    if not path.exists():
        return classes
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(";", 1)[0].strip()
        section = re.fullmatch(r"\[([^\]]+)\]", line)
        if section:
            current = section.group(1)
        elif current and line.startswith("directory"):
            folder = Path(line.split("=", 1)[1].strip())
            files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
            if files:
                classes[current] = [str(p.with_suffix("")) for p in files]
    return classes


class FakeAsterisk:
    """One fake node: what it was asked, and how it should answer."""

    def __init__(self, config_dir: Path) -> None:
        self.config_dir = config_dir
        self.port = 0
        self.actions: list[dict[str, str]] = []
        self.fail_modules: dict[str, str] = {}
        self.ignore_reloads = False
        self.strategies = queues_in(config_dir / "live" / "queues.conf")
        self.moh: dict[str, list[str]] = moh_in(config_dir / "live" / "musiconhold.conf")
        self.lock = threading.Lock()

    def reloads(self) -> list[str]:
        """The modules reloaded, in order ("dialplan" for `dialplan reload`)."""
        names = []
        for action in self.actions:
            if action.get("action", "").lower() == "reload":
                names.append(action.get("module", ""))
            elif action.get("action", "").lower() == "command" and action.get("command") == "dialplan reload":
                names.append("dialplan")
        return names

    def answer(self, headers: dict[str, str]) -> tuple[list[bytes], bool]:
        """The frames to send back, and whether to close the connection afterwards."""
        name = headers.get("action", "").lower()
        action_id = ("ActionID", headers.get("actionid", ""))
        with self.lock:
            self.actions.append(headers)
        if name == "login":
            if headers.get("secret") != SECRET:
                return [_frame(("Response", "Error"), action_id, ("Message", "Authentication failed"))], True
            return [
                _frame(("Response", "Success"), action_id, ("Message", "Authentication accepted")),
                _frame(("Event", "FullyBooted"), ("Privilege", "system,all"), ("Status", "Fully Booted")),
            ], False
        if name == "reload":
            module = headers.get("module", "")
            if module in self.fail_modules:
                return [
                    _frame(("Response", "Error"), action_id, ("Message", self.fail_modules[module]))
                ], False
            if module == "app_queue.so" and not self.ignore_reloads:
                self.strategies = queues_in(self.config_dir / "live" / "queues.conf")
            if module == "res_musiconhold.so" and not self.ignore_reloads:
                self.moh = moh_in(self.config_dir / "live" / "musiconhold.conf")
            return [
                _frame(("Event", "Reload"), ("Privilege", "system,all"), ("Module", module), ("Status", "0")),
                _frame(("Response", "Success"), action_id, ("Message", "Module Reloaded")),
            ], False
        if name == "command":
            command = headers.get("command")
            if command == "dialplan reload":
                lines = ["Dialplan reloaded."]
            elif command == "moh show files":
                lines = [
                    text
                    for moh_class, files in sorted(self.moh.items())
                    for text in [f"Class: {moh_class}", *(f"\tFile: {file}" for file in files)]
                ]
            else:
                lines = ["No such command"]
            return [
                _frame(
                    ("Response", "Success"),
                    action_id,
                    ("Message", "Command output follows"),
                    *(("Output", line) for line in lines),
                )
            ], False
        if name == "queuestatus":
            frames = [
                _frame(
                    ("Response", "Success"),
                    action_id,
                    ("EventList", "start"),
                    ("Message", "Queue status will follow"),
                )
            ]
            for queue, strategy in sorted(self.strategies.items()):
                frames.append(
                    _frame(
                        ("Event", "QueueParams"),
                        ("Queue", queue),
                        ("Max", "0"),
                        ("Strategy", strategy),
                        ("Calls", "0"),
                        ("Holdtime", "0"),
                        ("TalkTime", "0"),
                        ("Completed", "0"),
                        ("Abandoned", "0"),
                        ("ServiceLevel", "20"),
                        ("ServicelevelPerf", "0.0"),
                        ("ServicelevelPerf2", "0.0"),
                        ("Weight", "0"),
                        action_id,
                    )
                )
            frames.append(
                _frame(
                    ("Event", "QueueStatusComplete"),
                    action_id,
                    ("EventList", "Complete"),
                    ("ListItems", str(len(self.strategies))),
                )
            )
            return frames, False
        if name == "logoff":
            return [_frame(("Response", "Goodbye"), action_id, ("Message", "Thanks for all the fish."))], True
        return [_frame(("Response", "Error"), action_id, ("Message", "Invalid/unknown command"))], False


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        self.request.sendall(BANNER)
        buffer = b""
        while True:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            buffer += chunk
            while b"\r\n\r\n" in buffer:
                raw, buffer = buffer.split(b"\r\n\r\n", 1)
                headers: dict[str, str] = {}
                for line in raw.decode().split("\r\n"):
                    key, _sep, value = line.partition(": ")
                    headers.setdefault(key.lower(), value)
                frames, close = self.server.fake.answer(headers)
                self.request.sendall(b"".join(frames))
                if close:
                    return


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, fake: FakeAsterisk) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)


class RunningAMI:
    """Context manager: a FakeAsterisk listening on an ephemeral port of 127.0.0.1."""

    def __init__(self, config_dir: Path) -> None:
        self.fake = FakeAsterisk(config_dir)
        self._server = _Server(self.fake)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeAsterisk:
        self.fake.port = self.port
        self._thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
