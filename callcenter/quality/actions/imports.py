"""Recordings tied to their calls from the RECORDING lines the queue_log loader stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from callcenter.agents.models import Agent
from callcenter.pbx.models import AsteriskServer, Queue
from callcenter.quality import files
from callcenter.quality.models import (
    ImportMark,
    Recording,
)
from callcenter.stats.models import AssemblyMark, Call, QueueLogLine
from callcenter.stats.parser import RECORDING

IMPORT_BATCH = 500


@dataclass
class ImportResult:
    imported: int = 0
    servers: list[str] = field(default_factory=list)


def recording_roots() -> dict[str, str]:
    return dict(AsteriskServer.objects.values_list("name", "recordings_dir"))


def _import_lines(server: str, lines: list[QueueLogLine], root: str) -> int:
    keys = {(line.callid, line.queue) for line in lines}
    calls = {
        (call.callid, call.queue): call
        for call in Call.objects.filter(server=server, callid__in={callid for callid, _q in keys})
    }
    agent_names = {line.agent for line in lines} | {call.agent for call in calls.values()}
    agents = dict(Agent.objects.filter(member_name__in=agent_names).values_list("member_name", "pk"))
    queues = dict(Queue.objects.filter(name__in={queue for _c, queue in keys}).values_list("name", "pk"))
    count = 0
    for line in lines:
        call = calls.get((line.callid, line.queue))
        agent = line.agent if line.agent != "NONE" else (call.agent if call else "")
        facts = files.inspect(line.info, root)
        started = (call.connected_at or call.entered_at) if call else line.time
        Recording.objects.update_or_create(
            server=server,
            callid=line.callid,
            queue=line.queue,
            defaults={
                "queue_ref_id": queues.get(line.queue),
                "agent": agent,
                "agent_ref_id": agents.get(agent),
                "caller": call.caller if call else "",
                "started_at": started,
                "duration_s": facts.duration_s
                if facts.duration_s is not None
                else (call.talk_s if call else None),
                "path": line.info,
                "format": files.file_format(line.info),
                "size": facts.size,
                "status": facts.status,
                "checked_at": timezone.now(),
                "logged_at": line.time,
            },
        )
        count += 1
    return count


def import_recordings(server: str | None = None) -> ImportResult:
    """Make a Recording of every RECORDING line the loader stored and assembled since the last import.

    Reads only lines up to the node's assembly mark, so each recording's call is already there; moves
    the node's own mark in the same transaction as the rows, so running it again adds nothing.
    """
    result = ImportResult()
    roots = recording_roots()
    assembled = AssemblyMark.objects.all() if server is None else AssemblyMark.objects.filter(server=server)
    for assembly in assembled.order_by("server"):
        mark, _created = ImportMark.objects.get_or_create(server=assembly.server)
        if mark.line_id >= assembly.line_id:
            continue
        lines = QueueLogLine.objects.filter(
            server=assembly.server, id__gt=mark.line_id, id__lte=assembly.line_id, verb=RECORDING
        ).order_by("id")
        with transaction.atomic():
            batch: list[QueueLogLine] = []
            for line in lines.iterator(chunk_size=IMPORT_BATCH):
                batch.append(line)
                if len(batch) >= IMPORT_BATCH:
                    result.imported += _import_lines(assembly.server, batch, roots.get(assembly.server, ""))
                    batch = []
            if batch:
                result.imported += _import_lines(assembly.server, batch, roots.get(assembly.server, ""))
            ImportMark.objects.filter(pk=mark.pk).update(line_id=assembly.line_id, updated_at=timezone.now())
        result.servers.append(assembly.server)
    return result
