"""Read rules for the dialer: managers, supervisors and admins see every campaign; an agent sees the ones they work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from django.db import models
from django.db.models import Q

from callcenter.accounts.models import Role
from callcenter.accounts.roles import role_of

if TYPE_CHECKING:
    from callcenter.dialer.models import Attempt, Campaign, Lead  # noqa: F401  (named in string generics)

CAMPAIGN_MANAGERS = (Role.ADMIN, Role.SUPERVISOR, Role.MANAGER)

_M = TypeVar("_M", bound=models.Model)


class _RoleVisibleQuerySet(models.QuerySet[_M]):
    """Rows every campaign manager sees in full; an agent sees the rows whose ``agent_lookup`` is them."""

    agent_lookup: ClassVar[str]

    def visible_to(self, user: Any) -> Self:
        role = role_of(user)
        if role in CAMPAIGN_MANAGERS:
            return self.all()
        if role == Role.AGENT:
            return self.agent_rows(user)
        return self.none()

    def agent_rows(self, user: Any) -> Self:
        return self.filter(**{self.agent_lookup: user})


class CampaignQuerySet(_RoleVisibleQuerySet["Campaign"]):
    """Campaigns, filtered by role: an agent sees the campaigns they work."""

    def agent_rows(self, user: Any) -> CampaignQuerySet:
        return self.filter(Q(agents__user=user) | Q(queue__memberships__agent__user=user)).distinct()

    def running(self) -> CampaignQuerySet:
        return self.filter(status="running")


class LeadQuerySet(_RoleVisibleQuerySet["Lead"]):
    """Leads: agents see only the leads they preview."""

    agent_lookup = "preview_agent__user"


class AttemptQuerySet(_RoleVisibleQuerySet["Attempt"]):
    """Dial attempts: agents see the calls they took."""

    agent_lookup = "agent__user"

    def in_flight(self) -> AttemptQuerySet:
        return self.filter(state__in=("originating", "ringing", "answered"))
