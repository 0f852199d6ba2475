"""The one place that writes statistics: loading queue_log, closing callbacks, building and storing reports."""

from __future__ import annotations

import logging
import os
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.audit.actions import record
from callcenter.pbx.models import AsteriskServer
from callcenter.stats import exports, loader
from callcenter.stats.models import CallbackClosure, ReportRun
from callcenter.stats.reports import ReportFilter

log = logging.getLogger(__name__)


def load_queue_log(path: str, server: str, **kwargs: Any) -> loader.LoadResult:
    """Load new lines of one queue_log file for a server (idempotent; see callcenter.stats.loader)."""
    return loader.load_file(path, server, **kwargs)


def load_server(server_id: int) -> loader.LoadResult | None:
    """Load the queue_log of one configured Asterisk server, if its file is readable from here."""
    server = AsteriskServer.objects.get(pk=server_id)
    if not server.enabled or not os.path.isfile(server.queue_log_path):
        return None
    result = loader.load_file(server.queue_log_path, server.name)
    if result.quarantined:
        log.warning("queue_log of %s: %d malformed lines quarantined", server.name, result.quarantined)
    return result


def close_callback(actor: Any, caller: str, queue: str = "", note: str = "") -> CallbackClosure:
    """Record that a caller on the callback list was called back, which takes them off the list."""
    caller = caller.strip()
    if not caller or len(caller) > 80:
        raise ValueError(_("Give the caller's number."))
    with transaction.atomic():
        closure = CallbackClosure.objects.create(
            caller=caller, queue=queue[:128], note=note[:200], closed_at=timezone.now(), closed_by=actor
        )
        record(actor, "stats.callback_closed", closure, changes={"caller": caller, "note": note[:200]})
    return closure


def start_report(actor: Any, kind: str, fmt: str, flt: ReportFilter) -> ReportRun:
    """Queue a report to be built in the background; the page follows its progress."""
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise ValueError(_("Unknown report or format."))
    run = ReportRun.objects.create(kind=kind, fmt=fmt, params=flt.as_params(), created_by=actor)
    record(actor, "stats.report_requested", run, changes={"kind": kind, "fmt": fmt, **flt.as_params()})
    from callcenter.stats.tasks import build_report_run

    transaction.on_commit(lambda: build_report_run.delay(run.pk))
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


def build_nightly_report(day: date | None = None) -> list[ReportRun]:
    """Build and store the daily queue report of ``day`` (default: yesterday in the center's time zone).

    One row per day and format; running it again for a day already built changes nothing. When
    DAILY_REPORT_RECIPIENTS is set, the new files are e-mailed.
    """
    tz = str(settings.TIME_ZONE)
    if day is None:
        day = timezone.localdate(timezone.now(), timezone=timezone.get_default_timezone()) - timedelta(days=1)
    flt = ReportFilter(date_from=day, date_to=day, tz=tz)
    built: list[ReportRun] = []
    for fmt in getattr(settings, "DAILY_REPORT_FORMATS", ("xlsx", "pdf")):
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(
                    kind="daily", fmt=fmt, params=flt.as_params(), nightly=True, report_date=day
                )
        except IntegrityError:
            continue
        built.append(build_report(run.pk))
    recipients = list(getattr(settings, "DAILY_REPORT_RECIPIENTS", []) or [])
    if built and recipients:
        message = EmailMessage(
            subject=_("Daily queue report %(day)s") % {"day": day.isoformat()},
            body=_("The daily queue report of %(day)s is attached.") % {"day": day.isoformat()},
            to=recipients,
        )
        for run in built:
            run.file.open("rb")
            try:
                message.attach(
                    os.path.basename(run.file.name or ""), run.file.read(), exports.FORMATS[run.fmt][0]
                )
            finally:
                run.file.close()
        message.send()
    for run in built:
        record(None, "stats.nightly_report", run, changes={"day": day.isoformat(), "fmt": run.fmt})
    return built
