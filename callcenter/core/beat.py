"""Celery beat as one elected instance: several beat processes may run, only the holder of the ``beat``
lease (``callcenter.core.lease``) sends the schedules.

``LeasedScheduler`` is the default ``PersistentScheduler`` (the schedule file of ``--schedule``) with a
lease around its ``tick``: a standby only tries to take the lease, every ``LEASE_RENEW_MS``; the holder
renews it on the same rhythm and sends what is due only while its lease is valid, so a holder that cannot
renew (Redis unreachable, process paused) stops sending before anyone else may start. A standby takes over
at most ``LEASE_TTL_MS`` plus one renewal interval after the holder died; a clean stop releases the lease
at once.

The time each entry last ran is kept in Redis too (``cc:beat:last-run``, a hash: entry name -> ISO time),
so a new holder continues the old holder's schedule: what was due during the hand-over is sent once, what
the old holder already sent is not sent again. The schedule file (``--schedule``) gets the host name as a
suffix, so replicas sharing one volume never write the same file.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import time
from typing import Any

from celery.beat import PersistentScheduler, ScheduleEntry

from callcenter.core.lease import Lease, LeaseTiming, redis_client

logger = logging.getLogger(__name__)

LEASE_NAME = "beat"
LAST_RUN_KEY = "cc:beat:last-run"


class LeasedScheduler(PersistentScheduler):
    """``celery beat --scheduler callcenter.core.beat:LeasedScheduler`` (settings.CELERY_BEAT_SCHEDULER)."""

    def __init__(self, *args: Any, lease_timing: LeaseTiming | None = None, **kwargs: Any) -> None:
        """``lease_timing`` defaults to LEASE_TTL_MS / LEASE_RENEW_MS; the lease lives in settings.REDIS_URL."""
        timing = lease_timing or LeaseTiming.from_settings()
        if kwargs.get("schedule_filename"):
            # Replicas share the schedule volume: each keeps its own file, named by its host.
            kwargs["schedule_filename"] = f"{kwargs['schedule_filename']}.{socket.gethostname()}"
        self._redis = redis_client()
        self.lease = Lease(self._redis, LEASE_NAME, timing)
        self._renew_interval = timing.renew_ms / 1000
        self._next_renewal = 0.0
        self._holding = False
        self._standby_logged = False
        super().__init__(*args, **kwargs)

    # -- the lease ------------------------------------------------------------------------------------
    def _keep_lease(self) -> bool:
        """Take or renew the lease when due; True while this scheduler may send."""
        now = time.monotonic()
        if now >= self._next_renewal:
            self._next_renewal = now + self._renew_interval
            try:
                ok = self.lease.renew() if self._holding else self.lease.acquire()
            except Exception as exc:  # Redis away: keep what is still valid, try again next time
                logger.warning("event=beat_lease_error holder=%s error=%r", self.lease.token, str(exc))
                ok = self.lease.held
            if ok and not self._holding:
                self._holding = True
                self._standby_logged = False
                self._adopt_last_runs()
                logger.info("event=beat_lease_acquired holder=%s", self.lease.token)
            elif not ok and not self._holding and not self._standby_logged:
                self._standby_logged = True
                logger.info("event=beat_lease_standby holder=%s self=%s", self._holder(), self.lease.token)
            elif not ok and self._holding:
                self._holding = False
                self.lease.forget()
                logger.warning("event=beat_lease_lost holder=%s", self.lease.token)
        if self._holding and not self.lease.held:  # not renewed in time: fenced
            self._holding = False
            logger.warning("event=beat_lease_expired holder=%s", self.lease.token)
        return self._holding

    def _holder(self) -> str | None:
        try:
            return self.lease.holder()
        except Exception:
            return None

    @property
    def holding(self) -> bool:
        """True while this scheduler holds the beat lease and may send."""
        return self._holding and self.lease.held

    def _adopt_last_runs(self) -> None:
        """Continue from the last-run times the previous holder left in Redis."""
        if self._redis is None:
            return
        try:
            stored = self._redis.hgetall(LAST_RUN_KEY)
        except Exception as exc:
            logger.warning("event=beat_last_run_unreadable error=%r", str(exc))
            return
        changed = False
        for name, entry in self.schedule.items():
            value = stored.get(name)
            if not value:
                continue
            try:
                last_run = dt.datetime.fromisoformat(value)
            except ValueError:
                continue
            if entry.last_run_at is None or last_run > self._aware(entry.last_run_at):
                entry.last_run_at = last_run
                changed = True
        if changed:
            self._heap = None  # recomputed from the adopted times on the next tick

    def _aware(self, moment: dt.datetime) -> dt.datetime:
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)

    # -- the scheduler --------------------------------------------------------------------------------
    def tick(self, *args: Any, **kwargs: Any) -> float:
        if not self._keep_lease():
            return self._renew_interval
        interval = float(super().tick(*args, **kwargs))
        return max(0.0, min(interval, self._renew_interval))

    def reserve(self, entry: ScheduleEntry) -> Any:  # celery's stubs say event_t
        new_entry: ScheduleEntry = super().reserve(entry)  # type: ignore[assignment]
        if self._redis is not None and new_entry.last_run_at is not None:
            try:
                self._redis.hset(
                    LAST_RUN_KEY, str(new_entry.name), self._aware(new_entry.last_run_at).isoformat()
                )
            except Exception as exc:
                logger.warning("event=beat_last_run_unsaved entry=%s error=%r", new_entry.name, str(exc))
        return new_entry

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self._holding:
                self._holding = False
                try:
                    self.lease.release()
                    logger.info("event=beat_lease_released holder=%s", self.lease.token)
                except Exception as exc:
                    logger.warning("event=beat_lease_release_failed error=%r", str(exc))


__all__ = ["LAST_RUN_KEY", "LEASE_NAME", "LeasedScheduler"]
