"""Reports built in the background: queued by a user, built into a stored file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.audit.actions import record
from callcenter.stats import exports
from callcenter.stats.models import ReportRun
from callcenter.stats.reports import ReportFilter

ReportQueue = Callable[[int], object]
# How a requested report is built in the background: the stats app registers its Celery task in
# AppConfig.ready() (the task calls build_report, so this module cannot import it).
_report_queue: list[ReportQueue] = []


def register_report_queue(enqueue: ReportQueue) -> None:
    """Set how start_report has a queued report built (the latest registration wins)."""
    _report_queue[:] = [enqueue]


def start_report(actor: Any, kind: str, fmt: str, flt: ReportFilter) -> ReportRun:
    """Queue a report to be built in the background; the page follows its progress."""
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise ValueError(_("Unknown report or format."))
    run = ReportRun.objects.create(kind=kind, fmt=fmt, params=flt.as_params(), created_by=actor)
    record(actor, "stats.report_requested", run, changes={"kind": kind, "fmt": fmt, **flt.as_params()})
    if not _report_queue:
        raise RuntimeError("no report queue registered (the stats app registers its task when ready)")
    enqueue = _report_queue[0]
    transaction.on_commit(lambda: enqueue(run.pk))
    return run


def build_report(run_id: int) -> ReportRun:
    """Build a queued report, storing its file and progress on the ReportRun row."""
    run = ReportRun.objects.get(pk=run_id)
    if run.status == ReportRun.Status.DONE:
        return run
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, progress=1)
    flt = ReportFilter.from_params(run.params)

    def progress(percent: int) -> None:
        ReportRun.objects.filter(pk=run.pk).update(progress=max(1, min(percent, 99)))

    try:
        document = exports.build(run.kind, flt, progress)
        content = exports.render(document, run.fmt)
    except Exception as exc:
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    run.file.save(exports.filename(run.kind, flt, run.fmt), ContentFile(content), save=False)
    run.status = ReportRun.Status.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save(update_fields=["file", "status", "progress", "finished_at"])
    return run
