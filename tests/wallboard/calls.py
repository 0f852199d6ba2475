"""Queue calls as the statistics loader stores them from queue_log, for the board's figures of the day."""

from __future__ import annotations

import datetime as dt

from callcenter.stats.models import Call


def loaded_call(
    queue: str,
    caller: str,
    entered: dt.datetime,
    outcome: str,
    wait: int,
    agent: str = "",
    talk: int | None = None,
) -> Call:
    """One call of node1 that entered ``queue`` at ``entered`` and ended with ``outcome``."""
    return Call.objects.create(
        server="node1",
        callid=f"{caller}.{entered.timestamp()}",
        queue=queue,
        caller=caller,
        entered_at=entered,
        outcome=outcome,
        wait_s=wait,
        talk_s=talk,
        agent=agent,
    )
