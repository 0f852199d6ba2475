"""Read rules for PBX objects: who may see which queue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from callcenter.core.visibility import RoleVisibleQuerySet

if TYPE_CHECKING:
    from callcenter.pbx.models import Queue  # noqa: F401  (named in a string generic)


class QueueQuerySet(RoleVisibleQuerySet["Queue"]):
    """Queues, filtered by what a user's role lets them see."""

    def supervisor_rows(self, user: Any) -> QueueQuerySet:
        # The queues their teams are assigned, and any queue where an agent of their teams is a member.
        return self.filter(
            Q(teams__supervisors=user) | Q(memberships__agent__team__supervisors=user)
        ).distinct()

    def agent_rows(self, user: Any) -> QueueQuerySet:
        return self.filter(memberships__agent__user=user).distinct()
