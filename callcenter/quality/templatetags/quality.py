"""Template filters of the recordings pages."""

from __future__ import annotations

from django import template

from callcenter.stats.models import Call

register = template.Library()
_OUTCOMES = dict(Call.Outcome.choices)


@register.filter
def outcome_label(value: str | None) -> str:
    """The translated label of a call outcome stored as its value."""
    return str(_OUTCOMES.get(value or "", value or ""))
