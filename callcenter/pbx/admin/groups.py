"""Admin of node groups and their all-or-nothing applies."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from callcenter.accounts.models import Role
from callcenter.accounts.readonly_admin import NoWritesAdmin
from callcenter.accounts.roles import has_role
from callcenter.core.admin import ActionsModelAdmin
from callcenter.pbx import actions
from callcenter.pbx.models import AsteriskServer, ConfigApply, GroupApply, NodeGroup

OK_STATUSES = (GroupApply.Status.APPLIED, GroupApply.Status.UNCHANGED, GroupApply.Status.DRY_RUN)


class NodeInline(admin.TabularInline[AsteriskServer, NodeGroup]):
    """The group's nodes, shown; a node joins or leaves a group on its own page."""

    model = AsteriskServer
    fields = ["name", "ami_host", "sip_port", "enabled"]
    readonly_fields = ["name", "ami_host", "sip_port", "enabled"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False


@admin.register(NodeGroup)
class NodeGroupAdmin(ActionsModelAdmin[NodeGroup]):
    actions_module = actions
    list_display = ["name", "description"]
    inlines = [NodeInline]
    actions = ["apply_group", "dry_run_group"]

    def _run(self, request: HttpRequest, queryset: QuerySet[NodeGroup], *, dry_run: bool) -> None:
        if not has_role(request.user, Role.ADMIN):
            self.message_user(request, _("Only administrators apply configuration."), messages.ERROR)
            return
        for group in queryset:
            try:
                result = actions.apply_group_configuration(request.user, group, dry_run=dry_run)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
                continue
            nodes = ", ".join(
                f"{entry.server.name}: {entry.get_status_display()}"
                for entry in result.node_applies.select_related("server").order_by("server__name")
            )
            text = _("%(group)s: %(status)s (%(nodes)s)") % {
                "group": group.name,
                "status": result.get_status_display(),
                "nodes": nodes,
            }
            if result.error:
                text = f"{text}: {result.error[:2000]}"
            self.message_user(
                request, text, messages.SUCCESS if result.status in OK_STATUSES else messages.ERROR
            )

    @admin.action(description=_("Apply the configuration to every node of the group (all or nothing)"))
    def apply_group(self, request: HttpRequest, queryset: QuerySet[NodeGroup]) -> None:
        self._run(request, queryset, dry_run=False)

    @admin.action(description=_("Dry run on every node of the group: render, diff and check only"))
    def dry_run_group(self, request: HttpRequest, queryset: QuerySet[NodeGroup]) -> None:
        self._run(request, queryset, dry_run=True)


class NodeApplyInline(admin.TabularInline[ConfigApply, GroupApply]):
    model = ConfigApply
    fields = ["server", "status", "version", "previous_version", "changed_files", "reloaded", "error"]
    readonly_fields = [
        "server",
        "status",
        "version",
        "previous_version",
        "changed_files",
        "reloaded",
        "error",
    ]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False


@admin.register(GroupApply)
class GroupApplyAdmin(NoWritesAdmin[GroupApply]):
    """The history of group applies, each with its nodes' results."""

    list_display = ["created_at", "group", "status", "actor_name", "duration_ms"]
    list_filter = ["group", "status"]
    readonly_fields = ["group", "created_at", "actor", "actor_name", "status", "error", "duration_ms"]
    inlines = [NodeApplyInline]
