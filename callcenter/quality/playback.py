"""Serving a recording's audio to a listener: byte ranges, the unreadable flag, and the audit of each play."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from callcenter.quality import actions, files
from callcenter.quality.models import Recording


def serve(request: HttpRequest, user: Any, recording: Recording, *, download: bool) -> HttpResponseBase:
    """The audio, whole or the asked byte range, as an attachment if ``download``; a play is audited.

    Raises QualityError 404 when the file is flagged, outside its node's directory, or cannot be read
    (the recording is then flagged unreadable).
    """
    path = actions.playable_path(recording)
    name = files.download_name(recording.queue, recording.callid, recording.format)
    try:
        response = files.ranged_response(request, path, recording.format, name, attachment=download)
    except OSError:
        actions.flag_unreadable(recording)
        raise actions.QualityError(_("The recording's file is missing or empty."), status=404) from None
    if response.status_code in (200, 206):
        actions.record_access(user, recording, download=download)
    return response
