"""Admin of the CRM: contacts and the external CRM link of each queue (writes go through the actions)."""

from __future__ import annotations

from django.contrib import admin

from callcenter.core.admin import ActionsModelAdmin
from callcenter.wallboard import actions
from callcenter.wallboard.models import Contact, CRMLink


@admin.register(Contact)
class ContactAdmin(ActionsModelAdmin):
    actions_module = actions
    list_display = ["name", "phone", "company", "updated_at"]
    search_fields = ["name", "phone", "company", "notes"]


@admin.register(CRMLink)
class CRMLinkAdmin(ActionsModelAdmin):
    actions_module = actions
    list_display = ["queue", "url_template"]
