"""Admin of the CRM: contacts, their tiers and the external CRM link of each queue (writes go through the
actions)."""

from __future__ import annotations

from django.contrib import admin

from callcenter.core.admin import ActionsModelAdmin
from callcenter.wallboard import actions
from callcenter.wallboard.models import Contact, ContactTier, CRMLink


@admin.register(Contact)
class ContactAdmin(ActionsModelAdmin[Contact]):
    actions_module = actions
    list_display = ["name", "phone", "company", "tier", "updated_at"]
    list_filter = ["tier"]
    list_select_related = ["tier"]
    search_fields = ["name", "phone", "company", "notes"]


@admin.register(ContactTier)
class ContactTierAdmin(ActionsModelAdmin[ContactTier]):
    actions_module = actions
    list_display = ["name", "code", "priority", "queue"]


@admin.register(CRMLink)
class CRMLinkAdmin(ActionsModelAdmin[CRMLink]):
    actions_module = actions
    list_display = ["queue", "url_template"]
