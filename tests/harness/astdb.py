"""Asterisk's AstDB over AMI: DBPut, DBDel, DBDelTree and DBGetTree answered and worded as Asterisk 22's
main/db.c does, so a push of keys can be checked key by key."""

from __future__ import annotations

from dataclasses import dataclass, field

from callcenter.ami.protocol import Message
from tests.harness.ami import AMIServer, Connection
from tests.harness.frames import frame, list_complete, list_start, response
from tests.harness.queues import QueueMembers


@dataclass
class AstDB(QueueMembers):
    """A node with queue members and an AstDB; ``astdb`` maps ``/family/key`` (AstDB's own path) to the
    value."""

    astdb: dict[str, str] = field(default_factory=dict)

    def install(self, server: AMIServer) -> None:
        super().install(server)
        server.handlers.update(
            {"DBPut": self._put, "DBDel": self._del, "DBDelTree": self._del_tree, "DBGetTree": self._get_tree}
        )

    def family(self, name: str) -> dict[str, str]:
        """The keys of one family, without the ``/family/`` prefix."""
        prefix = f"/{name}/"
        return {path[len(prefix) :]: value for path, value in self.astdb.items() if path.startswith(prefix)}

    @staticmethod
    def _path(message: Message) -> str:
        return f"/{message.get('Family') or ''}/{message.get('Key') or ''}"

    def _put(self, connection: Connection, message: Message) -> bytes | None:
        self.astdb[self._path(message)] = message.get("Val") or ""
        return response(message.action_id, Message="Updated database successfully")

    def _del(self, connection: Connection, message: Message) -> bytes | None:
        if self.astdb.pop(self._path(message), None) is None:
            return response(message.action_id, "Error", Message="Database entry could not be deleted")
        return response(message.action_id, Message="Key deleted successfully")

    def _del_tree(self, connection: Connection, message: Message) -> bytes | None:
        prefix = f"/{message.get('Family') or ''}/"
        doomed = [path for path in self.astdb if path.startswith(prefix)]
        for path in doomed:
            del self.astdb[path]
        if not doomed:
            return response(message.action_id, "Error", Message="Database entry not found")
        return response(message.action_id, Message="Key tree deleted successfully")

    def _get_tree(self, connection: Connection, message: Message) -> bytes | None:
        action_id = message.action_id or ""
        prefix = f"/{message.get('Family') or ''}/"
        rows = sorted((path, value) for path, value in self.astdb.items() if path.startswith(prefix))
        out = list_start(action_id, "Result will follow")
        for path, value in rows:
            out += frame(
                ("Event", "DBGetTreeResponse"), ("Key", path), ("Val", value), ("ActionID", action_id)
            )
        return out + list_complete(action_id, "DBGetTreeComplete", len(rows))
