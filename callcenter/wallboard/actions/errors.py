"""What a wallboard action answers: its refusal (worded for the person who clicked) or its result."""

from __future__ import annotations

from dataclasses import dataclass

from callcenter.core.refusals import ActionRefused


class WallboardActionError(ActionRefused):
    """A wallboard action refused or failed; ``message`` is worded for the person who clicked."""


@dataclass
class ActionResult:
    """What the page shows after an action: Asterisk accepted it (the board follows from the events)."""

    message: str
    detail: str = ""
