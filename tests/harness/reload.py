"""Module reloads as Asterisk 22 answers them in s09_reload, for the configuration apply.

Like Asterisk, the node reads its live queues.conf when app_queue is reloaded, so QueueStatus reports what
the files really say, and the live musiconhold.conf and its class directories when res_musiconhold is
reloaded, so ``moh show files`` lists what Asterisk would have loaded. It can be told to refuse a module's
reload (``Response: Error``, as manager.c answers when a module fails to reload) or to ignore a reload (the
node keeps its old queues).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from callcenter.ami.protocol import Message
from tests.harness.ami import AMIServer, Connection
from tests.harness.frames import frame, list_complete, list_start, response
from tests.harness.queues import queue_params


def conf_options(path: Path) -> Iterator[tuple[str, str]]:
    """(section, option line) of an Asterisk .conf file, comments stripped, as its module reads them;
    nothing when the file does not exist."""
    if not path.exists():
        return
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(";", 1)[0].strip()
        section = re.fullmatch(r"\[([^\]]+)\]", line)
        if section:
            current = section.group(1)
            yield current, ""
        elif current and line:
            yield current, line


def queues_in(path: Path) -> dict[str, str]:
    """Queue -> strategy, read from a queues.conf the way app_queue would on reload."""
    strategies: dict[str, str] = {}
    for queue, line in conf_options(path):
        if queue == "general":
            continue
        if not line:
            strategies[queue] = "ringall"
        elif line.startswith("strategy"):
            strategies[queue] = line.split("=", 1)[1].strip()
    return strategies


def moh_in(path: Path) -> dict[str, list[str]]:
    """Class -> file paths without extension, as res_musiconhold scans a musiconhold.conf's directories."""
    classes: dict[str, list[str]] = {}
    for moh_class, line in conf_options(path):
        if line.startswith("directory"):
            folder = Path(line.split("=", 1)[1].strip())
            files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
            if files:
                classes[moh_class] = [str(p.with_suffix("")) for p in files]
    return classes


@dataclass
class ReloadingNode:
    """One node's configuration directory (``live/`` holds what Asterisk reads) and how it reloads."""

    config_dir: Path
    fail_modules: dict[str, str] = field(default_factory=dict)
    ignore_reloads: bool = False
    strategies: dict[str, str] = field(init=False)
    moh: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.strategies = queues_in(self.config_dir / "live" / "queues.conf")
        self.moh = moh_in(self.config_dir / "live" / "musiconhold.conf")

    def install(self, server: AMIServer) -> None:
        self._server = server
        server.after_login = frame(
            ("Event", "FullyBooted"), ("Privilege", "system,all"), ("Status", "Fully Booted")
        )
        server.handlers.update(
            {"Reload": self._reload, "Command": self._command, "QueueStatus": self._status}
        )

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def actions(self) -> list[Message]:
        """Every action the node received, in order (a test may clear it to watch what comes next)."""
        return self._server.history

    def reloads(self) -> list[str]:
        """The modules reloaded, in order ("dialplan" for `dialplan reload`)."""
        names = []
        for action in list(self._server.history):
            name = (action.get("Action") or "").lower()
            if name == "reload":
                names.append(action.get("Module") or "")
            elif name == "command" and action.get("Command") == "dialplan reload":
                names.append("dialplan")
        return names

    def _reload(self, connection: Connection, message: Message) -> bytes | None:
        module = message.get("Module") or ""
        if module in self.fail_modules:
            return response(message.action_id, "Error", Message=self.fail_modules[module])
        if module == "app_queue.so" and not self.ignore_reloads:
            self.strategies = queues_in(self.config_dir / "live" / "queues.conf")
        if module == "res_musiconhold.so" and not self.ignore_reloads:
            self.moh = moh_in(self.config_dir / "live" / "musiconhold.conf")
        return frame(
            ("Event", "Reload"), ("Privilege", "system,all"), ("Module", module), ("Status", "0")
        ) + response(message.action_id, Message="Module Reloaded")

    def _command(self, connection: Connection, message: Message) -> bytes | None:
        command = message.get("Command")
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
        return frame(
            ("Response", "Success"),
            ("ActionID", message.action_id or ""),
            ("Message", "Command output follows"),
            *(("Output", line) for line in lines),
        )

    def _status(self, connection: Connection, message: Message) -> bytes | None:
        action_id = message.action_id or ""
        out = list_start(action_id, "Queue status will follow")
        for queue_name, strategy in sorted(self.strategies.items()):
            out += queue_params(action_id, queue_name, strategy)
        return out + list_complete(action_id, "QueueStatusComplete", len(self.strategies))
