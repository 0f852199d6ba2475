"""What the quality pages share: who may evaluate, and the recording a person may open."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from callcenter.core.page_roles import role_required
from callcenter.quality import actions
from callcenter.quality.models import Recording
from callcenter.quality.querysets import EVALUATORS

PAGE_SIZE = 50

evaluator = role_required(*EVALUATORS)
"""Signed in as an administrator or a supervisor."""


def visible_recording(request: HttpRequest, pk: int) -> Recording:
    try:
        return actions.recording_for(request.user, pk)
    except actions.QualityError:
        raise Http404(_("No such recording.")) from None
