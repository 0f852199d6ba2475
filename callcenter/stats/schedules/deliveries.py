"""The e-mail deliveries of built reports: queued, sent, retried with back-off (audited).

Every function that depends on the clock takes ``now``; the periodic task passes the current time.
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext as _

from callcenter.audit.actions import record
from callcenter.stats import exports
from callcenter.stats.models import ReportRun
from callcenter.stats.schedules.models import Delivery, ScheduleRun

log = logging.getLogger(__name__)


SEND_ERRORS = (smtplib.SMTPException, OSError, ValueError)


def queue_delivery(
    *,
    report_files: Iterable[ReportRun],
    recipients: list[str],
    subject: str,
    body: str,
    now: datetime,
    run: ScheduleRun | None = None,
    nightly_date: date | None = None,
) -> Delivery:
    delivery = Delivery.objects.create(
        run=run,
        nightly_date=nightly_date,
        recipients=recipients,
        subject=subject,
        body=body,
        next_attempt_at=now,
    )
    delivery.reports.set(list(report_files))
    return delivery


def deliver_nightly(day: date, built: list[ReportRun], recipients: list[str], now: datetime) -> Delivery:
    """Queue the nightly daily report's e-mail to DAILY_REPORT_RECIPIENTS and try to send it right away."""
    delivery = queue_delivery(
        report_files=built,
        recipients=list(recipients),
        subject=_("Daily queue report %(day)s") % {"day": day.isoformat()},
        body=_("The daily queue report of %(day)s is attached.") % {"day": day.isoformat()},
        now=now,
        nightly_date=day,
    )
    return send_delivery(delivery.pk, now) or delivery


def deliver_due(now: datetime) -> list[Delivery]:
    """Try every pending delivery whose next attempt is due (new ones and retries)."""
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
    done = [
        send_delivery(pk, now) for pk in due.order_by("next_attempt_at", "id").values_list("pk", flat=True)
    ]
    return [delivery for delivery in done if delivery is not None]


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed send: the base, doubled after each failure."""
    base = float(getattr(settings, "REPORT_DELIVERY_RETRY_MINUTES", 1))
    return timedelta(minutes=base * 2 ** max(attempts - 1, 0))


def send_delivery(pk: int, now: datetime) -> Delivery | None:
    """One attempt to send a pending delivery whose time has come (None: not due, or another worker has it).

    A failure counts an attempt and sets the next one after the back-off; after the last allowed
    attempt the delivery is failed.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        try:
            _send(delivery)
        except SEND_ERRORS as exc:
            _attempt_failed(delivery, exc, now)
        else:
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = now
            delivery.next_attempt_at = None
            delivery.last_error = ""
            delivery.save(
                update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error", "updated_at"]
            )
            record(
                None,
                "stats.report_delivered",
                delivery,
                changes={"recipients": delivery.recipients, "attempts": delivery.attempts},
            )
    return delivery


def _attempt_failed(delivery: Delivery, exc: BaseException, now: datetime) -> None:
    delivery.last_error = (f"{type(exc).__name__}: {exc}")[:2000]
    limit = max(int(getattr(settings, "REPORT_DELIVERY_MAX_ATTEMPTS", 6)), 1)
    if delivery.attempts >= limit:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
        action = "stats.report_delivery_failed"
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        action = "stats.report_delivery_retry"
    delivery.save(update_fields=["attempts", "status", "next_attempt_at", "last_error", "updated_at"])
    log.warning(
        "event=report_delivery_error delivery=%s attempts=%s error=%s", delivery.pk, delivery.attempts, exc
    )
    record(
        None,
        action,
        delivery,
        changes={
            "recipients": delivery.recipients,
            "attempts": delivery.attempts,
            "next_attempt_at": delivery.next_attempt_at.isoformat() if delivery.next_attempt_at else None,
        },
        result="failed" if delivery.status == Delivery.Status.FAILED else "retry",
        detail=delivery.last_error,
    )


def _send(delivery: Delivery) -> None:
    message = EmailMessage(subject=delivery.subject, body=delivery.body, to=list(delivery.recipients))
    for report in delivery.reports.all():
        if not report.file:
            raise ValueError(f"report {report.pk} has no file")
        with report.file.open("rb") as handle:
            content = handle.read()
        message.attach(os.path.basename(report.file.name or ""), content, exports.FORMATS[report.fmt][0])
    message.send()
