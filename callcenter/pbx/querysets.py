"""Read rules for PBX objects: who may see which queue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from callcenter.accounts.models import Role
from callcenter.accounts.roles import role_of

if TYPE_CHECKING:
    from callcenter.pbx.models import Queue  # noqa: F401  (named in a string generic)


class QueueQuerySet(models.QuerySet["Queue"]):
    """Queues, filtered by what a user's role lets them see."""

    def visible_to(self, user: Any) -> QueueQuerySet:
        role = role_of(user)
        if role in (Role.ADMIN, Role.MANAGER):
            return self.all()
        if role == Role.SUPERVISOR:
            # The queues their teams are assigned, and any queue where an agent of their teams is a member.
            return self.filter(
                Q(teams__supervisors=user) | Q(memberships__agent__team__supervisors=user)
            ).distinct()
        if role == Role.AGENT:
            return self.filter(memberships__agent__user=user).distinct()
        return self.none()
