"""Read rules for statistics: managers and admins see every queue, supervisors the queues they oversee."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from callcenter.accounts.models import Role
from callcenter.accounts.roles import role_of
from callcenter.pbx.models import Queue

if TYPE_CHECKING:
    from callcenter.stats.models import Call, Callback, ReportRun  # noqa: F401  (named in string generics)


def visible_queue_names(user: Any) -> list[str] | None:
    """The queue names a user may report on; None means every queue, including names not configured."""
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


class CallbackQuerySet(models.QuerySet["Callback"]):
    """Callback entries: managers and admins see all, a supervisor those of their queues and teams, an
    agent those assigned to them or to their team."""

    def visible_to(self, user: Any) -> CallbackQuerySet:
        role = role_of(user)
        if role in (Role.ADMIN, Role.MANAGER):
            return self.all()
        if role == Role.SUPERVISOR:
            names = visible_queue_names(user) or []
            return self.filter(Q(queue__in=names) | Q(team__supervisors=user)).distinct()
        if role == Role.AGENT:
            agent = getattr(user, "agent", None)
            if agent is None:
                return self.none()
            mine = Q(agent=agent)
            if agent.team_id is not None:
                mine |= Q(team_id=agent.team_id, agent__isnull=True)
            return self.filter(mine)
        return self.none()
