"""What makes a report schedule valid: a known report, format and time zone, a calendar that says when,
filters the owner may report on and that the report uses, and somewhere to send it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from callcenter.accounts.roles import REPORT_READERS, has_role
from callcenter.stats.kinds import FORMATS, KINDS
from callcenter.stats.querysets import visible_queue_names

if TYPE_CHECKING:
    from callcenter.stats.schedules.models import ReportSchedule

# The reports whose figures an agent filter changes; the others would silently ignore it.
AGENT_KINDS = ("agents", "answered", "daily")
MAX_RECIPIENTS = 20
MAX_NAMES = 200


def _names(value: Any, field: str, errors: dict[str, list[str]]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        errors.setdefault(field, []).append(_("A list of names."))
        return []
    if len(value) > MAX_NAMES:
        errors.setdefault(field, []).append(_("At most %(n)s names.") % {"n": MAX_NAMES})
    return [item.strip() for item in value]


def _check_calendar(schedule: ReportSchedule, errors: dict[str, list[str]]) -> None:
    if schedule.frequency == "weekly":
        if schedule.weekday is None or not 0 <= schedule.weekday <= 6:
            errors["weekday"] = [_("Choose the day of the week.")]
    else:
        schedule.weekday = None
    if schedule.frequency == "monthly":
        if schedule.day_of_month is None or not 1 <= schedule.day_of_month <= 31:
            errors["day_of_month"] = [_("Choose a day of the month from 1 to 31.")]
    else:
        schedule.day_of_month = None
    try:
        ZoneInfo(str(schedule.tz))
    except (ZoneInfoNotFoundError, ValueError):
        errors["tz"] = [_("Unknown time zone.")]


def _check_filters(schedule: ReportSchedule, owner: Any, errors: dict[str, list[str]]) -> None:
    schedule.queues = _names(schedule.queues, "queues", errors)
    schedule.agents = _names(schedule.agents, "agents", errors)
    visible = visible_queue_names(owner)
    if visible is not None:
        if not visible:
            errors.setdefault("queues", []).append(
                _("You oversee no queues, so there is nothing to report on.")
            )
        unknown = [name for name in schedule.queues if name not in visible]
        if unknown:
            errors.setdefault("queues", []).append(
                _("Not among your queues: %(names)s.") % {"names": ", ".join(unknown[:10])}
            )
    if schedule.agents and schedule.kind not in AGENT_KINDS:
        errors.setdefault("agents", []).append(_("This report does not filter by agent; leave agents empty."))


def _check_recipients(schedule: ReportSchedule, owner: Any, errors: dict[str, list[str]]) -> None:
    value = schedule.recipients
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors["recipients"] = [_("A list of e-mail addresses.")]
        return
    addresses = list(dict.fromkeys(item.strip() for item in value if item.strip()))
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            errors.setdefault("recipients", []).append(
                _("Not an e-mail address: %(value)s.") % {"value": address[:100]}
            )
    if len(addresses) > MAX_RECIPIENTS:
        errors.setdefault("recipients", []).append(_("At most %(n)s recipients.") % {"n": MAX_RECIPIENTS})
    if not addresses and not getattr(owner, "email", ""):
        errors.setdefault("recipients", []).append(
            _("Your account has no e-mail address; add at least one recipient.")
        )
    schedule.recipients = addresses


def validate_schedule(schedule: ReportSchedule) -> None:
    """Raise a ValidationError naming every field that is wrong; normalizes the lists on the way."""
    errors: dict[str, list[str]] = {}
    owner = schedule.owner if schedule.owner_id else None
    if owner is None or not has_role(owner, *REPORT_READERS):
        raise ValidationError(_("Only users who may read reports can schedule them."))
    if schedule.kind not in KINDS:
        errors["kind"] = [_("Unknown report.")]
    if schedule.fmt not in FORMATS:
        errors["fmt"] = [_("Unknown format.")]
    _check_calendar(schedule, errors)
    _check_filters(schedule, owner, errors)
    _check_recipients(schedule, owner, errors)
    if errors:
        raise ValidationError(errors)


def recipients_of(schedule: ReportSchedule) -> list[str]:
    """Where the schedule's report goes: its recipients, or else its owner's e-mail address."""
    if schedule.recipients:
        return list(schedule.recipients)
    email = str(getattr(schedule.owner, "email", "") or "")
    return [email] if email else []
