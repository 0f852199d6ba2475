"""Queue snapshots: QueueStatus, QueueSummary and the ``queue show`` CLI text."""

from __future__ import annotations

from callcenter.simulator.ami_server.base import AMIBase
from callcenter.simulator.ami_server.session import Session
from callcenter.simulator.ami_server.wire import Message, encode
from callcenter.simulator.engine import (
    DEVICE_INUSE,
    DEVICE_NOT_INUSE,
    DEVICE_RINGING,
    DEVICE_UNAVAILABLE,
    QueueMember,
    seconds_between,
)
from callcenter.simulator.engine.members import member_details
from callcenter.simulator.engine.queue_figures import queue_figures


class QueueSnapshots(AMIBase):
    """What app_queue reports of its queues, members and callers."""

    def _queue_show(self, name: str) -> list[str]:
        engine = self.engine
        queues = (
            [engine.queues[name]] if name in engine.queues else ([] if name else list(engine.queues.values()))
        )
        if name and not queues:
            return [f"No such queue: {name}."]
        now = engine.now()
        lines: list[str] = []
        for queue in queues:
            stats = queue.stats
            total = stats.completed + stats.abandoned
            sl = 100.0 * stats.completed_in_sl / stats.completed if stats.completed else 0.0
            sl2 = 100.0 * (stats.completed_in_sl + stats.abandoned_in_sl) / total if total else 0.0
            maxlen = str(queue.config.maxlen) if queue.config.maxlen else "unlimited"
            lines.append(
                f"{queue.name} has {len(queue.entries)} calls (max {maxlen}) in '{queue.config.strategy}' strategy "
                f"({stats.holdtime}s holdtime, {stats.talktime}s talktime), W:{queue.config.weight}, "
                f"C:{stats.completed}, A:{stats.abandoned}, SL:{sl:.1f}%, SL2:{sl2:.1f}% within {queue.config.servicelevel}s"
            )
            if queue.members:
                lines.append("   Members: ")
                for member in queue.members:
                    lines.append("      " + self._member_line(member, queue.config.ringinuse, now))
            else:
                lines.append("   No Members")
            if queue.entries:
                lines.append("   Callers: ")
                for position, entry in enumerate(queue.entries, start=1):
                    wait = seconds_between(entry.joined, now)
                    lines.append(
                        f"      {position}. {entry.chan.name} (wait: {wait // 60}:{wait % 60:02d}, prio: 0)"
                    )
            else:
                lines.append("   No Callers")
            lines.append("")
        lines.append("")
        return lines

    def _member_line(self, member: QueueMember, ringinuse: bool, now: float) -> str:
        status = self._status_of(member)
        state = {
            DEVICE_NOT_INUSE: "Not in use",
            DEVICE_INUSE: "In use",
            DEVICE_UNAVAILABLE: "Unavailable",
            DEVICE_RINGING: "Ringing",
        }[status]
        parts = [f"{member.name} ({member.interface})"]
        if member.dynamic:
            parts.append("(dynamic)")
        parts.append("(ringinuse enabled)" if ringinuse else "(ringinuse disabled)")
        if member.paused:
            parts.append(
                f"(paused:{member.paused_reason} was {int(now - member.last_pause)} secs ago)"
                if member.paused_reason
                else f"(paused was {int(now - member.last_pause)} secs ago)"
            )
        parts.append(f"({state})")
        if member.calls:
            taken = f"has taken {member.calls} calls (last was {int(now - member.last_call)} secs ago)"
        else:
            taken = "has taken no calls yet"
        return " ".join(parts) + f" {taken} (login was {int(now - member.login_time)} secs ago)"

    def _status_of(self, member: QueueMember) -> int:
        return self.engine.device_status(member)

    def _queue_status(self, session: Session, message: Message) -> None:
        engine = self.engine
        wanted_queue, wanted_member = message.get("Queue"), message.get("Member")
        queues = [q for q in engine.queues.values() if not wanted_queue or q.name == wanted_queue]
        now = engine.now()
        action_id = self._action_id(message)
        self._list_start(session, message, "Queue status will follow")
        count = 0
        for queue in queues:
            stats = queue.stats
            total = stats.completed + stats.abandoned
            sl2 = 100.0 * (stats.completed_in_sl + stats.abandoned_in_sl) / total if total else 0.0
            session.write(
                encode(
                    [
                        ("Event", "QueueParams"),
                        *((figure.header, figure.value) for figure in queue_figures(queue)),
                        ("ServicelevelPerf2", f"{sl2:.1f}"),
                        ("Weight", str(queue.config.weight)),
                        *action_id,
                    ]
                )
            )
            count += 1
            for member in queue.members:
                if wanted_member and member.interface != wanted_member and member.name != wanted_member:
                    continue
                session.write(
                    encode(
                        [
                            ("Event", "QueueMember"),
                            ("Queue", queue.name),
                            ("Name", member.name),
                            ("Location", member.interface),
                            *member_details(member),
                            ("Status", str(self._status_of(member))),
                            ("Paused", "1" if member.paused else "0"),
                            ("PausedReason", member.paused_reason),
                            ("Wrapuptime", str(queue.config.wrapuptime)),
                            *action_id,
                        ]
                    )
                )
                count += 1
            for position, entry in enumerate(queue.entries, start=1):
                chan = entry.chan
                session.write(
                    encode(
                        [
                            ("Event", "QueueEntry"),
                            ("Queue", queue.name),
                            ("Position", str(position)),
                            ("Channel", chan.name),
                            ("Uniqueid", chan.uniqueid),
                            ("CallerIDNum", chan.cid_num),
                            ("CallerIDName", chan.cid_name),
                            ("ConnectedLineNum", chan.conn_num),
                            ("ConnectedLineName", chan.conn_name),
                            ("Wait", str(seconds_between(entry.joined, now))),
                            ("Priority", "0"),
                            *action_id,
                        ]
                    )
                )
                count += 1
        self._list_complete(session, message, "QueueStatusComplete", count)

    def _queue_summary(self, session: Session, message: Message) -> None:
        engine = self.engine
        wanted = message.get("Queue")
        now = engine.now()
        self._list_start(session, message, "Queue summary will follow")
        count = 0
        for queue in engine.queues.values():
            if wanted and queue.name != wanted:
                continue
            logged_in = sum(1 for member in queue.members if self._status_of(member) != DEVICE_UNAVAILABLE)
            available = sum(
                1
                for member in queue.members
                if self._status_of(member) == DEVICE_NOT_INUSE
                and not member.paused
                and member.wrapup_until <= now
            )
            longest = max((seconds_between(entry.joined, now) for entry in queue.entries), default=0)
            session.write(
                encode(
                    [
                        ("Event", "QueueSummary"),
                        ("Queue", queue.name),
                        ("LoggedIn", str(logged_in)),
                        ("Available", str(available)),
                        ("Callers", str(len(queue.entries))),
                        ("HoldTime", str(queue.stats.holdtime)),
                        ("TalkTime", str(queue.stats.talktime)),
                        ("LongestHoldTime", str(longest)),
                        *self._action_id(message),
                    ]
                )
            )
            count += 1
        self._list_complete(session, message, "QueueSummaryComplete", count)
