"""Celery tasks of the wallboard: thin wrappers around callcenter.wallboard.actions.

Importable from settings (for the beat schedule): models and actions are imported inside the tasks.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="callcenter.wallboard.tasks.check_pause_limits", ignore_result=True)
def check_pause_limits() -> int:
    """E-mail the team's supervisors about every pause over its reason's limit (once per pause)."""
    from callcenter.wallboard import actions

    return len(actions.alert_long_pauses())


@shared_task(name="callcenter.wallboard.tasks.sync_vip", ignore_result=True)
def sync_vip() -> int:
    """Bring every enabled node's VIP routing data (AstDB family cc-vip) in line with the contacts;
    returns the number of nodes that could not be reached."""
    from callcenter.wallboard import vip

    return sum(1 for result in vip.sync(None) if not result.ok)
