"""Admin of users and their roles."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from callcenter.accounts import actions as account_actions
from callcenter.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Call center"), {"fields": ("role", "language", "phone_extension")}),
    )
    actions = ["lift_lockout"]

    @admin.action(description=_("Lift the sign-in lockout"), permissions=["change"])
    def lift_lockout(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Forget the failed sign-ins of the selected users, so they can sign in again at once."""
        users = list(queryset)
        for user in users:
            account_actions.lift_lockout(request.user, user)
        self.message_user(
            request,
            ngettext(
                "Sign-in lockout lifted for %(count)d user.",
                "Sign-in lockout lifted for %(count)d users.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
