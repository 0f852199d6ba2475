"""Retention: recordings older than their queue's rule are deleted, files and rows, audited."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from callcenter.audit.actions import record
from callcenter.quality import files
from callcenter.quality.actions.audit_fields import recorded_call
from callcenter.quality.actions.imports import IMPORT_BATCH, recording_roots
from callcenter.quality.models import (
    Evaluation,
    Recording,
    RetentionRule,
)

PURGED = "quality.recording.purged"


@dataclass
class PurgeItem:
    recording_id: int
    server: str
    queue: str
    callid: str
    started_at: datetime
    path: str
    size: int | None
    error: str = ""


@dataclass
class PurgeReport:
    dry_run: bool
    days: dict[str, int] = field(default_factory=dict)  # queue -> days kept ("*": queues without a rule)
    deleted: list[PurgeItem] = field(default_factory=list)
    kept_open: list[PurgeItem] = field(default_factory=list)  # expired, but under an open evaluation
    failed: list[PurgeItem] = field(default_factory=list)

    @property
    def bytes_freed(self) -> int:
        return sum(item.size or 0 for item in self.deleted)


def retention_days() -> dict[str, int]:
    """Days kept per queue name with a rule; "*" is the default of the others (0: kept for ever)."""
    days = dict(RetentionRule.objects.values_list("queue__name", "days"))
    days["*"] = int(settings.RECORDING_RETENTION_DAYS)
    return days


def _expired(days: Mapping[str, int], now: datetime) -> models.QuerySet[Recording]:
    named = [name for name in days if name != "*"]
    condition = Q()
    for name in named:
        condition |= Q(queue=name, started_at__lt=now - timedelta(days=days[name]))
    if days["*"] > 0:
        condition |= ~Q(queue__in=named) & Q(started_at__lt=now - timedelta(days=days["*"]))
    if not condition:
        return Recording.objects.none()
    return Recording.objects.filter(condition)


def _item(recording: Recording, error: str = "") -> PurgeItem:
    return PurgeItem(
        recording.pk,
        recording.server,
        recording.queue,
        recording.callid,
        recording.started_at,
        recording.path,
        recording.size,
        error,
    )


def _remove_file(recording: Recording, roots: Mapping[str, str]) -> str:
    """Delete the file (only inside its node's directory); an error text, or "" when it is gone."""
    if not files.inside(recording.path, roots.get(recording.server, "")):
        return ""  # never delete a file outside the recordings directory; the row goes
    try:
        os.remove(recording.path)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return exc.strerror or str(exc)
    return ""


def purge_recordings(actor: Any, *, dry_run: bool = False, now: datetime | None = None) -> PurgeReport:
    """Delete the files and rows of recordings older than their queue keeps them, each audited.

    A recording under an open evaluation is kept (and listed); a file that cannot be deleted keeps its
    row (listed as failed, to be retried the next night). ``dry_run`` lists what would go, changing nothing.
    """
    now = now or timezone.now()
    days = retention_days()
    report = PurgeReport(dry_run=dry_run, days=days)
    open_evaluation = Evaluation.objects.filter(recording=OuterRef("pk"), status=Evaluation.Status.OPEN)
    expired = _expired(days, now).annotate(under_review=Exists(open_evaluation)).order_by("started_at", "id")
    roots = recording_roots()
    for recording in expired.iterator(chunk_size=IMPORT_BATCH):
        if getattr(recording, "under_review", False):
            report.kept_open.append(_item(recording))
            continue
        if dry_run:
            report.deleted.append(_item(recording))
            continue
        error = _remove_file(recording, roots)
        if error:
            report.failed.append(_item(recording, error))
            record(actor, PURGED, recording, result="error", detail=error, changes={"path": recording.path})
            continue
        with transaction.atomic():
            changes = {**recorded_call(recording), "path": recording.path, "size": recording.size}
            record(actor, PURGED, recording, changes=changes)
            item = _item(recording)
            recording.delete()
        report.deleted.append(item)
    if not dry_run and (report.deleted or report.failed):
        record(
            actor,
            "quality.recordings.purge",
            changes={
                "deleted": len(report.deleted),
                "failed": len(report.failed),
                "kept_open": len(report.kept_open),
                "bytes": report.bytes_freed,
            },
            object_type="quality.recording",
        )
    return report
