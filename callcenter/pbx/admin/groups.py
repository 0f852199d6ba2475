"""Admin of node groups, applied from here to all their nodes or none."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from callcenter.core.admin import ActionsModelAdmin, refused_to_non_admin
from callcenter.core.admin_inlines import ShownTabularInline
from callcenter.pbx import actions
from callcenter.pbx.models import AsteriskServer, NodeGroup


class NodeInline(ShownTabularInline[AsteriskServer, NodeGroup]):
    """The group's nodes, shown; a node joins or leaves a group on its own page."""

    model = AsteriskServer
    fields = ["name", "ami_host", "sip_port", "enabled"]
    show_change_link = True


@admin.register(NodeGroup)
class NodeGroupAdmin(ActionsModelAdmin[NodeGroup]):
    actions_module = actions
    list_display = ["name", "description"]
    inlines = [NodeInline]
    actions = ["apply_group", "dry_run_group"]

    def _run(self, request: HttpRequest, queryset: QuerySet[NodeGroup], *, dry_run: bool) -> None:
        if refused_to_non_admin(self, request, _("Only administrators apply configuration.")):
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
            self.message_user(request, text, messages.SUCCESS if result.succeeded else messages.ERROR)

    @admin.action(description=_("Apply the configuration to every node of the group (all or nothing)"))
    def apply_group(self, request: HttpRequest, queryset: QuerySet[NodeGroup]) -> None:
        self._run(request, queryset, dry_run=False)

    @admin.action(description=_("Dry run on every node of the group: render, diff and check only"))
    def dry_run_group(self, request: HttpRequest, queryset: QuerySet[NodeGroup]) -> None:
        self._run(request, queryset, dry_run=True)
