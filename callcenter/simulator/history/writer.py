"""Past traffic: the simulator's engine and workload run on a manual clock over days gone by.

``write_history`` drives the same Engine and Workload as a live run, so the queue_log lines are the ones the
simulator writes live (same verbs, same formats), only as fast as the CPU allows. On top of the live
workload it models what a center's days look like: callers arrive in working hours only (weekends quieter
and shorter), agents log in to their dynamic queues at the start of their shift and out at its end
(ADDMEMBER/REMOVEMEMBER), a share of answered calls are blind-transferred to another queue, a share of
waiting callers in queues with a callback menu press 1 and leave their number (EXITWITHKEY, then
CALLBACKREQUEST as dialplans/callback.conf logs it), and every call an agent took in a recorded queue gets
its RECORDING line (dialplans/recording.conf), for which a caller supplies the audio file.

Calls still going on at the end are hung up at the end, and every agent still logged in logs out, so the
history leaves no open call and no open session behind.
"""

from __future__ import annotations

import datetime as dt
import random

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.config import QueueConfig
from callcenter.simulator.engine import Engine
from callcenter.simulator.history.calls import PastCalls
from callcenter.simulator.history.options import HistoryOptions, HistoryResult, ShiftMember, shift_device
from callcenter.simulator.history.past_workload import PastWorkload
from callcenter.simulator.history.shifts import Shifts
from callcenter.simulator.queue_log import QueueLogWriter
from callcenter.simulator.workload import WorkloadOptions


def write_history(
    queues: list[QueueConfig],
    members: list[ShiftMember],
    writer: QueueLogWriter,
    *,
    start: dt.datetime,
    end: dt.datetime,
    options: HistoryOptions | None = None,
    seed: int = 1,
) -> HistoryResult:
    """Write the queue_log lines of the traffic from ``start`` to ``end`` (aware datetimes) to ``writer``."""
    options = options or HistoryOptions()
    clock = ManualClock(start.timestamp())
    engine = Engine(clock, queues, queue_log=writer, seed=seed)
    rng = random.Random(seed + 7)  # noqa: S311 - simulation draws, not security
    calls = PastCalls(engine, clock, options, rng)
    shifts = Shifts(engine, clock, members, options, rng)
    workload = PastWorkload(
        engine,
        WorkloadOptions(
            calls_per_hour=options.calls_per_hour,
            timezone=options.timezone,
            queue_weights=dict(options.queue_weights),
            first_call_after=None,
        ),
        options,
        seed,
    )
    shifts.plan_shifts(start, end)
    workload.start_for(sorted({shift_device(member) for member in members}))
    clock.run_until(end.timestamp())
    workload.stop()
    calls.hang_up_all()
    shifts.log_out_all(members)
    return calls.result
