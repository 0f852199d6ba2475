"""Past traffic written as queue_log (see writer.py)."""

from callcenter.simulator.history.options import HistoryOptions, HistoryResult, RecordedCall, ShiftMember
from callcenter.simulator.history.shifts import log_in
from callcenter.simulator.history.writer import write_history

__all__ = ["HistoryOptions", "HistoryResult", "RecordedCall", "ShiftMember", "log_in", "write_history"]
