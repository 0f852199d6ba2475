"""Who may listen to a recording, and the audit of each play and download."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.audit.actions import record
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer
from callcenter.quality import files
from callcenter.quality.actions.audit_fields import recorded_call
from callcenter.quality.actions.config import QualityError
from callcenter.quality.models import Recording

PLAY = "quality.recording.play"
DOWNLOAD = "quality.recording.download"


def recording_for(user: Any, pk: int) -> Recording:
    """The recording if this user may listen to it; otherwise "not found" (QualityError 404)."""
    recording = Recording.objects.visible_to(user).with_call().filter(pk=pk).first()
    if recording is None:
        raise QualityError(_("No such recording."), status=404)
    return recording


def playable_path(recording: Recording) -> str:
    """The file to serve, or QualityError 404 when it is flagged or outside its node's directory."""
    root = (
        AsteriskServer.objects.filter(name=recording.server).values_list("recordings_dir", flat=True).first()
    )
    if not recording.playable or not files.inside(recording.path, root or ""):
        raise QualityError(_("The recording's file is missing or empty."), status=404)
    return recording.path


def record_access(user: Any, recording: Recording, *, download: bool) -> AuditEntry | None:
    """Audit a play or download: who, which call, when. The requests of one play (the player fetches
    ranges while seeking) make one entry per RECORDING_AUDIT_WINDOW_S; returns the new entry, if any."""
    action = DOWNLOAD if download else PLAY
    since = timezone.now() - timedelta(seconds=settings.RECORDING_AUDIT_WINDOW_S)
    recent = AuditEntry.objects.filter(
        object_type="quality.recording",
        object_id=str(recording.pk),
        action=action,
        actor=user if getattr(user, "pk", None) else None,
        created_at__gte=since,
    )
    if recent.exists():
        return None
    return record(user, action, recording, changes={**recorded_call(recording), "caller": recording.caller})
