"""The wallboard's fixture AMI server with an AstDB: DBPut, DBGet, DBDel, DBDelTree and DBGetTree answered
and worded as Asterisk 22's main/db.c does, so the VIP routing push can be checked key by key."""

from __future__ import annotations

from dataclasses import dataclass, field

from callcenter.ami.protocol import Message
from tests.wallboard.amiserver import FixtureAMIServer, frame


@dataclass
class AstDBAMIServer(FixtureAMIServer):
    """``astdb`` maps ``/family/key`` (AstDB's own path) to the value."""

    astdb: dict[str, str] = field(default_factory=dict)

    def family(self, name: str) -> dict[str, str]:
        """The keys of one family, without the ``/family/`` prefix."""
        prefix = f"/{name}/"
        return {path[len(prefix) :]: value for path, value in self.astdb.items() if path.startswith(prefix)}

    def _answer(self, message: Message) -> bytes:
        name = (message.get("Action") or "").lower()
        action_id = message.action_id or ""
        family, key = message.get("Family") or "", message.get("Key") or ""
        path = f"/{family}/{key}"

        def ok(text: str) -> bytes:
            return frame(("Response", "Success"), ("ActionID", action_id), ("Message", text))

        def error(text: str) -> bytes:
            return frame(("Response", "Error"), ("ActionID", action_id), ("Message", text))

        if name == "dbput":
            self.astdb[path] = message.get("Val") or ""
            return ok("Updated database successfully")
        if name == "dbdel":
            if self.astdb.pop(path, None) is None:
                return error("Database entry could not be deleted")
            return ok("Key deleted successfully")
        if name == "dbdeltree":
            doomed = [p for p in self.astdb if p.startswith(f"/{family}/")]
            for p in doomed:
                del self.astdb[p]
            return ok("Key tree deleted successfully") if doomed else error("Database entry not found")
        if name == "dbgettree":
            out = frame(
                ("Response", "Success"),
                ("ActionID", action_id),
                ("EventList", "start"),
                ("Message", "Result will follow"),
            )
            rows = sorted((p, v) for p, v in self.astdb.items() if p.startswith(f"/{family}/"))
            for p, value in rows:
                out += frame(
                    ("Event", "DBGetTreeResponse"), ("Key", p), ("Val", value), ("ActionID", action_id)
                )
            return out + frame(
                ("Event", "DBGetTreeComplete"),
                ("ActionID", action_id),
                ("EventList", "Complete"),
                ("ListItems", str(len(rows))),
            )
        return super()._answer(message)
