"""Read rules for statistics: managers and admins see every queue, supervisors the queues they oversee."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from callcenter.accounts.models import Role
from callcenter.accounts.roles import role_of

if TYPE_CHECKING:
    from callcenter.stats.models import Call, ReportRun  # noqa: F401  (named in string generics)


def visible_queue_names(user: Any) -> list[str] | None:
    """The queue names a user may report on; None means every queue, including names not configured."""
    from callcenter.pbx.models import Queue

    role = role_of(user)
    if role in (Role.ADMIN, Role.MANAGER):
        return None
    if role == Role.SUPERVISOR:
        return list(Queue.objects.visible_to(user).values_list("name", flat=True))
    return []


class CallQuerySet(models.QuerySet["Call"]):
    """Assembled calls, filtered by what the user may report on."""

    def visible_to(self, user: Any) -> CallQuerySet:
        names = visible_queue_names(user)
        if names is None:
            return self.all()
        return self.filter(queue__in=names)


class ReportRunQuerySet(models.QuerySet["ReportRun"]):
    """Stored reports: managers and admins see all (the nightly ones cover every queue); others their own."""

    def visible_to(self, user: Any) -> ReportRunQuerySet:
        role = role_of(user)
        if role in (Role.ADMIN, Role.MANAGER):
            return self.all()
        if role == Role.SUPERVISOR:
            return self.filter(created_by=user)
        return self.none()
