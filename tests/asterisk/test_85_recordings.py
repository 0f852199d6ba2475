"""A recorded call, from Asterisk to the player: the dialplan's RECORDING line ties the file MixMonitor wrote
to its call; the loader stores the line, the import makes the Recording, and the web serves its bytes by
range to a supervisor, audited."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

from django.test import Client

from tests.asterisk.conftest import Center, admin, call_support, talk, wait_idle, wait_log
from tests.asterisk.node import wait_until


def _complete_wav(path: Path) -> bool:
    """MixMonitor has closed the file: its header counts every frame the file holds."""
    try:
        with wave.open(str(path)) as audio:
            frames = audio.getnframes() * audio.getsampwidth() * audio.getnchannels()
    except (wave.Error, EOFError, OSError):
        return False
    return bool(frames > 0 and path.stat().st_size >= frames + 44)


def test_a_recorded_call_is_tied_to_its_file_and_plays_by_range(center: Center) -> None:
    from callcenter.audit.models import AuditEntry
    from callcenter.quality.actions import PLAY, import_recordings
    from callcenter.quality.models import Recording
    from callcenter.stats.actions import load_queue_log

    caller, _, enter = call_support(center, "79161110085")  # support records every call
    connect = wait_log(center, "CONNECT", callid=enter.callid)
    talk(center, enter.callid, 3)
    caller.hangup()  # the caller ends the call: no survey
    complete = wait_log(center, "COMPLETECALLER", callid=enter.callid)
    line = wait_log(center, "RECORDING", callid=enter.callid)
    wait_idle(center)
    center.driven.answer("support", connect.agent)

    # Asterisk's own line: the queue, the agent MEMBERNAME names, and the file MixMonitor wrote.
    path = Path(line.data[0])
    assert (line.queue, line.agent) == ("support", connect.agent)
    assert path.parent.parent.parent.parent.parent == center.node.recordings
    assert path.name == f"support-{enter.callid}.wav"
    wait_until(lambda: _complete_wav(path), 10, "MixMonitor to close the file")

    # The worker's steps: load the node's queue_log, import the recordings.
    load_queue_log(str(center.node.queue_log), center.server.name)
    import_recordings()
    recording = Recording.objects.get(server=center.server.name, callid=enter.callid)
    assert (recording.queue, recording.agent, recording.caller) == ("support", connect.agent, "79161110085")
    assert (recording.path, recording.format, recording.status) == (str(path), "wav", "ok")
    assert recording.size == path.stat().st_size
    talk_s = int(complete.data[1])
    assert recording.duration_s is not None and abs(recording.duration_s - talk_s) <= 1, (
        recording.duration_s,
        talk_s,
    )
    assert recording.agent_ref is not None and recording.agent_ref.member_name == connect.agent

    # An administrator seeks into it: 206 with exactly those bytes of the file, and the play is audited.
    client = Client()
    client.force_login(admin())
    response: Any = client.get(f"/quality/recordings/{recording.pk}/file", HTTP_RANGE="bytes=1000-4999")
    content = path.read_bytes()
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-4999/{len(content)}"
    assert b"".join(response.streaming_content) == content[1000:5000]
    assert AuditEntry.objects.filter(action=PLAY, object_id=str(recording.pk), actor=admin()).exists()
