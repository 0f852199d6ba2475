"""Read rules for the dialer: managers, supervisors and admins see every campaign; an agent sees the ones they work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from callcenter.accounts.models import Role
from callcenter.accounts.roles import role_of

if TYPE_CHECKING:
    from callcenter.dialer.models import Attempt, Campaign, Lead  # noqa: F401  (named in string generics)

CAMPAIGN_MANAGERS = (Role.ADMIN, Role.SUPERVISOR, Role.MANAGER)


def _agent_campaigns_q(user: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}agents__user": user}) | Q(**{f"{prefix}queue__memberships__agent__user": user})


class CampaignQuerySet(models.QuerySet["Campaign"]):
    """Campaigns, filtered by role."""

    def visible_to(self, user: Any) -> CampaignQuerySet:
        role = role_of(user)
        if role in CAMPAIGN_MANAGERS:
            return self.all()
        if role == Role.AGENT:
            return self.filter(_agent_campaigns_q(user)).distinct()
        return self.none()

    def running(self) -> CampaignQuerySet:
        return self.filter(status="running")


class LeadQuerySet(models.QuerySet["Lead"]):
    """Leads, visible to campaign managers; agents see only the leads they preview."""

    def visible_to(self, user: Any) -> LeadQuerySet:
        role = role_of(user)
        if role in CAMPAIGN_MANAGERS:
            return self.all()
        if role == Role.AGENT:
            return self.filter(preview_agent__user=user)
        return self.none()


class AttemptQuerySet(models.QuerySet["Attempt"]):
    """Dial attempts, visible to campaign managers; agents see the calls they took."""

    def visible_to(self, user: Any) -> AttemptQuerySet:
        role = role_of(user)
        if role in CAMPAIGN_MANAGERS:
            return self.all()
        if role == Role.AGENT:
            return self.filter(agent__user=user)
        return self.none()

    def in_flight(self) -> AttemptQuerySet:
        return self.filter(state__in=("originating", "ringing", "answered"))
