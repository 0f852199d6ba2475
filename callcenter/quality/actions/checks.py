"""File checks of recordings: the missing and empty files are flagged."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from callcenter.quality import files
from callcenter.quality.actions.imports import IMPORT_BATCH, recording_roots
from callcenter.quality.models import (
    Recording,
)

log = logging.getLogger(__name__)


# Files of calls that ended this recently are checked again: MixMonitor finishes writing after the hangup.
RECHECK_RECENT = timedelta(days=1)


@dataclass
class CheckResult:
    checked: int = 0
    playable: int = 0
    flagged: dict[str, int] = field(default_factory=dict)


def check_recordings(*, everything: bool = False, now: datetime | None = None) -> CheckResult:
    """Stat the files: a missing, empty or misplaced file is flagged (and not offered for playing).

    By default the recordings not found playable yet and those of the last day; ``everything`` checks all.
    """
    now = now or timezone.now()
    rows = Recording.objects.all()
    if not everything:
        rows = rows.filter(~Q(status=Recording.Status.OK) | Q(logged_at__gte=now - RECHECK_RECENT))
    roots = recording_roots()
    result = CheckResult()
    changed: list[Recording] = []
    for recording in rows.order_by("id").iterator(chunk_size=IMPORT_BATCH):
        facts = files.inspect(recording.path, roots.get(recording.server, ""))
        result.checked += 1
        if facts.status == Recording.Status.OK:
            result.playable += 1
        else:
            result.flagged[facts.status] = result.flagged.get(facts.status, 0) + 1
        duration = facts.duration_s if facts.duration_s is not None else recording.duration_s
        if (recording.status, recording.size, recording.duration_s) != (facts.status, facts.size, duration):
            recording.status, recording.size, recording.duration_s = facts.status, facts.size, duration
            recording.checked_at = now
            changed.append(recording)
        if len(changed) >= IMPORT_BATCH:
            Recording.objects.bulk_update(changed, ["status", "size", "duration_s", "checked_at"])
            changed = []
    if changed:
        Recording.objects.bulk_update(changed, ["status", "size", "duration_s", "checked_at"])
    if result.flagged:
        log.warning("recordings not playable: %s", result.flagged)
    return result


def flag_unreadable(recording: Recording) -> None:
    """The file vanished between the check and a play: mark it missing."""
    Recording.objects.filter(pk=recording.pk).update(
        status=Recording.Status.MISSING, checked_at=timezone.now()
    )
