"""Admin of campaigns and the do-not-call list; leads and attempts are read-only here."""

from __future__ import annotations

from django.contrib import admin

from callcenter.accounts.readonly_admin import ReadOnlyAdmin
from callcenter.core.admin import ActionsModelAdmin
from callcenter.dialer import actions
from callcenter.dialer.models import Attempt, Campaign, ContactList, DNCEntry, Lead


@admin.register(Campaign)
class CampaignAdmin(ActionsModelAdmin[Campaign]):
    actions_module = actions
    list_display = ["name", "kind", "mode", "status", "queue", "priority", "target_abandon_pct", "daily_cap"]
    list_filter = ["kind", "mode", "status"]
    search_fields = ["name"]
    filter_horizontal = ["agents"]
    readonly_fields = ["status"]


@admin.register(DNCEntry)
class DNCEntryAdmin(ActionsModelAdmin[DNCEntry]):
    actions_module = actions
    list_display = ["phone", "campaign", "reason", "created_at"]
    list_filter = ["campaign"]
    search_fields = ["phone"]


@admin.register(ContactList)
class ContactListAdmin(ReadOnlyAdmin[ContactList]):
    list_display = ["name", "campaign", "uploaded_by", "imported_rows", "rejected_rows", "created_at"]


@admin.register(Lead)
class LeadAdmin(ReadOnlyAdmin[Lead]):
    list_display = ["phone", "name", "campaign", "state", "attempts", "next_attempt_at", "last_outcome"]
    list_filter = ["campaign", "state"]
    search_fields = ["phone", "name"]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin[Attempt]):
    list_display = [
        "id",
        "campaign",
        "phone",
        "state",
        "outcome",
        "abandoned",
        "originated_at",
        "disposition",
    ]
    list_filter = ["campaign", "state", "outcome", "abandoned"]
    search_fields = ["phone"]
