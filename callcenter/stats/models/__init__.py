"""Statistics tables: raw queue_log lines, the loader's positions, and the calls, sessions and pauses built from them.

One module per concept; every model is imported here so the tables belong to the stats app.
"""

from callcenter.stats.models.callbacks import Callback, CallbackSyncMark
from callcenter.stats.models.calls import Call, CallbackTurn, RingNoAnswer
from callcenter.stats.models.lines import AssemblyMark, LoaderPosition, QuarantinedLine, QueueLogLine
from callcenter.stats.models.members import AgentSession, Pause
from callcenter.stats.models.runs import ReportRun
from callcenter.stats.schedules.models import Delivery, ReportSchedule, ScheduleRun

__all__ = [
    "AgentSession",
    "AssemblyMark",
    "Call",
    "Callback",
    "CallbackSyncMark",
    "CallbackTurn",
    "Delivery",
    "LoaderPosition",
    "Pause",
    "QuarantinedLine",
    "QueueLogLine",
    "ReportRun",
    "ReportSchedule",
    "RingNoAnswer",
    "ScheduleRun",
]
