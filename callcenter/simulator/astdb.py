"""The simulated node's AstDB and its five manager actions, answered and worded as Asterisk 22's main/db.c.

Keys are AstDB's own paths, ``/family/key``. The database lives as long as the node (``AMIServer.astdb``),
across AMI sessions, as Asterisk's astdb.sqlite3 outlives them. The control plane writes two families
there: ``cc-callback`` (a held callback turn, callcenter/stats) and ``cc-vip`` (VIP routing,
callcenter/wallboard/vip/).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

Headers = list[tuple[str, str]]

ACTION_HELP = {
    "DBDel": ("Delete DB entry.", "system,all"),
    "DBDelTree": ("Delete DB Tree.", "system,all"),
    "DBGet": ("Get DB Entry.", "system,reporting,all"),
    "DBGetTree": ("Get DB entries, optionally at a particular family/key", "system,reporting,all"),
    "DBPut": ("Put DB entry.", "system,all"),
}


class Request(Protocol):
    def get(self, key: str, default: str = "") -> str: ...


class Replies(Protocol):
    """What the AMI server offers a handler: an answer, an error, and the raw write of a list's events."""

    def success(self, text: str) -> None: ...

    def error(self, text: str) -> None: ...

    def list_start(self, text: str) -> None: ...

    def event(self, headers: Headers) -> None: ...

    def list_complete(self, name: str, count: int) -> None: ...


def _path(family: str, key: str) -> str:
    return f"/{family}/{key}"


def _entry(request: Request, out: Replies, stop: str = ".") -> tuple[str, str] | None:
    """The family and key a single-entry action names, or None once it answered main/db.c's refusal."""
    family, key = request.get("Family"), request.get("Key")
    if not family:
        out.error(f"No family specified{stop}")
    elif not key:
        out.error(f"No key specified{stop}")
    else:
        return family, key
    return None


@dataclass
class AstDB:
    entries: dict[str, str] = field(default_factory=dict)

    def family(self, name: str) -> dict[str, str]:
        """The keys of one family, without the ``/family/`` prefix."""
        prefix = f"/{name}/"
        return {path[len(prefix) :]: value for path, value in self.entries.items() if path.startswith(prefix)}

    def put(self, request: Request, out: Replies) -> None:
        # DBPut words its refusals without the full stop the other actions end them with.
        entry = _entry(request, out, stop="")
        if entry is not None:
            self.entries[_path(*entry)] = request.get("Val")
            out.success("Updated database successfully")

    def get(self, request: Request, out: Replies) -> None:
        entry = _entry(request, out)
        if entry is None:
            return
        family, key = entry
        value = self.entries.get(_path(family, key))
        if value is None:
            out.error("Database entry not found")
            return
        out.list_start("Result will follow")
        out.event([("Event", "DBGetResponse"), ("Family", family), ("Key", key), ("Val", value)])
        out.list_complete("DBGetComplete", 1)

    def get_tree(self, request: Request, out: Replies) -> None:
        family, key = request.get("Family"), request.get("Key")
        # main/db.c create_prefix: "/family/key", "/family", or everything when no family is given.
        prefix = f"/{family}/{key}" if family and key else f"/{family}" if family else ""
        rows = sorted(
            (path, value)
            for path, value in self.entries.items()
            if not prefix or path == prefix or path.startswith(prefix + "/")
        )
        out.list_start("Result will follow")
        for path, value in rows:
            out.event([("Event", "DBGetTreeResponse"), ("Key", path), ("Val", value)])
        out.list_complete("DBGetTreeComplete", len(rows))

    def delete(self, request: Request, out: Replies) -> None:
        entry = _entry(request, out)
        if entry is None:
            return
        if self.entries.pop(_path(*entry), None) is None:
            out.error("Database entry could not be deleted")
        else:
            out.success("Key deleted successfully")

    def delete_tree(self, request: Request, out: Replies) -> None:
        family, key = request.get("Family"), request.get("Key")
        if not family:
            out.error("No family specified.")
            return
        prefix = f"/{family}/{key}" if key else f"/{family}"
        doomed = [path for path in self.entries if path == prefix or path.startswith(prefix + "/")]
        for path in doomed:
            del self.entries[path]
        if doomed:
            out.success("Key tree deleted successfully")
        else:
            out.error("Database entry not found")

    def handlers(self) -> dict[str, Callable[[Request, Replies], None]]:
        """The actions by their lower-case names, as the AMI server dispatches them."""
        return {
            "dbput": self.put,
            "dbget": self.get,
            "dbgettree": self.get_tree,
            "dbdel": self.delete,
            "dbdeltree": self.delete_tree,
        }
