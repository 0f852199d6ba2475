"""Celery tasks of quality: thin wrappers around callcenter.quality.actions (scheduled in settings)."""

from __future__ import annotations

from celery import shared_task

from callcenter.quality import actions


@shared_task(name="callcenter.quality.tasks.import_recordings", ignore_result=True)
def import_recordings() -> int:
    """Tie the RECORDING lines the queue_log loader stored since the last run to their calls."""
    return actions.import_recordings().imported


@shared_task(name="callcenter.quality.tasks.check_recordings", ignore_result=True)
def check_recordings(everything: bool = False) -> dict[str, int]:
    """Stat the recent and not-yet-playable files; flag the missing and empty ones."""
    result = actions.check_recordings(everything=everything)
    return {"checked": result.checked, "playable": result.playable, **result.flagged}


@shared_task(name="callcenter.quality.tasks.purge_recordings", ignore_result=True)
def purge_recordings() -> dict[str, int]:
    """The nightly retention: delete expired recordings (files and rows), audited; then re-check every file."""
    report = actions.purge_recordings(None)
    actions.check_recordings(everything=True)
    return {"deleted": len(report.deleted), "failed": len(report.failed), "kept_open": len(report.kept_open)}
