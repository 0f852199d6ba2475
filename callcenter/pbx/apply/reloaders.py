"""Reloading a node's modules and reading back its queues and music on hold, over AMI."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol, runtime_checkable

from callcenter.ami.errors import AMIActionError, AMIError
from callcenter.ami.sync import client_for
from callcenter.pbx.models import AsteriskServer
from callcenter.pbx.render import MODULE_DIALPLAN


class ReloadFailed(Exception):
    """Asterisk refused a reload, or the node did not come back in the state the files describe."""


class ActionRefused(ReloadFailed):
    """The node answered an action with ``Response: Error``."""


class Reloader(Protocol):
    """What the apply needs from a node: reload one module, and read back the queues' strategies."""

    def reload(self, module: str) -> str: ...

    def queue_strategies(self) -> dict[str, str]: ...


class AMIReloader:
    """Reloads over AMI, answering the way Asterisk 22 does (see fixtures transcripts/s09_reload)."""

    def __init__(self, server: AsteriskServer, *, timeout: float = 10.0) -> None:
        self.server = server
        self.timeout = timeout

    async def _with_client(self, name: str, headers: dict[str, str], listing: bool) -> Any:
        client = client_for(self.server, action_timeout=self.timeout, ping_interval=0, reconnect=False)
        try:
            await client.connect()
            if listing:
                return await client.action_list(name, headers, timeout=self.timeout)
            return await client.action(name, headers, timeout=self.timeout)
        finally:
            await client.close()

    def _run(self, name: str, headers: dict[str, str], *, listing: bool = False) -> Any:
        try:
            return asyncio.run(self._with_client(name, headers, listing))
        except AMIActionError as exc:
            raise ActionRefused(f"{name} refused: {exc.message or 'error'}") from exc
        except (AMIError, OSError) as exc:
            raise ReloadFailed(f"{name} failed: {exc}") from exc

    def reload(self, module: str) -> str:
        if module == MODULE_DIALPLAN:
            response = self._run("Command", {"Command": "dialplan reload"})
            output = " ".join(response.output).strip()
            if "Dialplan reloaded" not in output:
                raise ReloadFailed(f"dialplan reload answered {output or 'nothing'!r}")
            return output
        response = self._run("Reload", {"Module": module})
        return str(response.get("Message") or "Module Reloaded")

    def queue_strategies(self) -> dict[str, str]:
        _response, events = self._run("QueueStatus", {}, listing=True)
        return {
            str(event.get("Queue")): str(event.get("Strategy"))
            for event in events
            if event.event == "QueueParams" and event.get("Queue")
        }

    def moh_files(self) -> dict[str, int] | None:
        """Class -> number of files, as ``moh show files`` lists the classes that have files; None when the
        node has no such command (the project's simulator: it plays no music, and took the reload)."""
        try:
            response = self._run("Command", {"Command": "moh show files"})
        except ActionRefused:
            return None
        return parse_moh_files(response.output)


@runtime_checkable
class MohReader(Protocol):
    """A reloader that can also read back the music on hold classes (``AMIReloader`` can)."""

    def moh_files(self) -> dict[str, int] | None: ...


def parse_moh_files(lines: list[str]) -> dict[str, int]:
    """``Class: x`` / ``File: path`` lines of ``moh show files`` -> class -> number of files."""
    counts: dict[str, int] = {}
    current: str | None = None
    for raw in lines:
        for line in raw.splitlines():
            text = line.strip()
            if text.startswith("Class:"):
                current = text[len("Class:") :].strip()
                counts.setdefault(current, 0)
            elif text.startswith("File:") and current is not None:
                counts[current] += 1
    return counts
