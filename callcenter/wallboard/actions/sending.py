"""Talking to Asterisk for the wallboard: one AMI action sent and audited with its result, and the wording
of AMI failures (values written into an action's headers are checked by ``header_values``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from callcenter.ami.errors import (
    AMIActionError,
    AMIAuthenticationError,
    AMIConnectionLost,
    AMIError,
    AMITimeout,
)
from callcenter.ami.protocol import Message
from callcenter.ami.sync import call_action
from callcenter.audit.actions import record
from callcenter.pbx.models import AsteriskServer
from callcenter.wallboard.actions.errors import WallboardActionError

AMI_TIMEOUT_S = 8.0


def ami_error_text(exc: BaseException) -> str:
    """An AMI failure in words for the person who clicked."""
    if isinstance(exc, AMIActionError):
        return _("Asterisk refused: %(message)s") % {"message": exc.message or _("error")}
    if isinstance(exc, AMIAuthenticationError):
        return _("Asterisk refused the AMI login; check the server's AMI user and secret.")
    if isinstance(exc, AMITimeout):
        return _("Asterisk did not answer in time; the action may still have run.")
    if isinstance(exc, AMIConnectionLost | OSError):
        return _("Asterisk cannot be reached.")
    return _("AMI error: %(error)s") % {"error": exc}


def send(
    actor: Any,
    audit_action: str,
    obj: Any,
    server: AsteriskServer,
    name: str,
    headers: dict[str, str],
    changes: dict[str, Any],
) -> Message:
    """Send one action and audit it with its result; AMI failures become a WallboardActionError."""
    try:
        response = call_action(server, name, headers, timeout=AMI_TIMEOUT_S)
    except (AMIError, OSError) as exc:
        text = ami_error_text(exc)
        record(actor, audit_action, obj, changes=changes, result="error", detail=text)
        raise WallboardActionError(text, status=502) from exc
    record(actor, audit_action, obj, changes=changes, result="ok", detail=response.get("Message") or "")
    return response
