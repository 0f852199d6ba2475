"""``{% failed_deliveries %}``: how many report e-mails were given up, for administrators (else 0)."""

from __future__ import annotations

from typing import Any

from django import template

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role
from callcenter.stats.schedules.models import Delivery

register = template.Library()


@register.simple_tag(takes_context=True)
def failed_deliveries(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not has_role(user, Role.ADMIN):
        return 0
    return Delivery.objects.filter(status=Delivery.Status.FAILED).count()
