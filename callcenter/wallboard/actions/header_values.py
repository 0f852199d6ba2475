"""The check of any value the wallboard writes into an AMI action's headers (or passes to the dialplan)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from callcenter.core.validators import find_dangerous
from callcenter.wallboard.actions.errors import WallboardActionError


def check_value(value: str, what: str) -> str:
    """The value, refused when empty or when it could inject into an AMI header or the dialplan."""
    danger = find_dangerous(value)
    if danger is not None or not value:
        raise WallboardActionError(_("Invalid %(what)s.") % {"what": what})
    return value
