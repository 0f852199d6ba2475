"""How the audit log names a recording: the call it holds, by node, call id, queue, agent and start."""

from __future__ import annotations

from callcenter.quality.models import Recording


def recorded_call(recording: Recording) -> dict[str, str]:
    """The fields of an audit entry's changes that identify the recorded call."""
    return {
        "server": recording.server,
        "callid": recording.callid,
        "queue": recording.queue,
        "agent": recording.agent,
        "started_at": recording.started_at.isoformat(),
    }
