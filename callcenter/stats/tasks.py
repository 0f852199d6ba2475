"""Celery tasks of the statistics app: thin wrappers around callcenter.stats.actions.

Their schedule is settings.CELERY_BEAT_SCHEDULE (``stats-*`` entries).
"""

from __future__ import annotations

from celery import shared_task

from callcenter.pbx.models import AsteriskServer
from callcenter.stats import actions
from callcenter.stats.schedules import actions as schedule_actions


@shared_task(name="callcenter.stats.tasks.load_queue_logs", ignore_result=True)
def load_queue_logs() -> None:
    """Fan out: one loading task per enabled Asterisk server."""
    for server_id in AsteriskServer.objects.filter(enabled=True).values_list("pk", flat=True):
        load_server_queue_log.delay(server_id)


@shared_task(name="callcenter.stats.tasks.load_server_queue_log", ignore_result=True)
def load_server_queue_log(server_id: int) -> dict[str, int] | None:
    result = actions.load_server(server_id)
    return result.as_dict() if result is not None else None


@shared_task(name="callcenter.stats.tasks.build_report_run", ignore_result=True)
def build_report_run(run_id: int) -> None:
    actions.build_report(run_id)


@shared_task(name="callcenter.stats.tasks.build_nightly_report", ignore_result=True)
def build_nightly_report() -> list[int]:
    return [run.pk for run in actions.build_nightly_report()]


@shared_task(name="callcenter.stats.tasks.run_report_schedules", ignore_result=True)
def run_report_schedules() -> dict[str, int]:
    """Every minute: the users' report schedules that are due, then the e-mails due (first tries and retries)."""
    runs, deliveries = schedule_actions.process()
    return {"runs": len(runs), "deliveries": len(deliveries)}
