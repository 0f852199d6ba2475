"""The record of configuration applies: one per node, and one per group apply."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.pbx.models.servers import AsteriskServer, NodeGroup


class ApplyStatus(models.TextChoices):
    """The outcome of an apply, to one node or to every node of a group."""

    APPLIED = "applied", _("applied")
    UNCHANGED = "unchanged", _("unchanged")
    DRY_RUN = "dry_run", _("dry run")
    REFUSED = "refused", _("refused (invalid)")
    ROLLED_BACK = "rolled_back", _("failed and rolled back")
    FAILED = "failed", _("failed")


# The outcomes that are not failures.
SUCCEEDED = (ApplyStatus.APPLIED, ApplyStatus.UNCHANGED, ApplyStatus.DRY_RUN)


class GroupApply(models.Model):
    """One apply to every node of a group: all of them end on the new version, or all on their previous one.
    The per-node results are the ConfigApply rows that name it."""

    Status = ApplyStatus

    group = models.ForeignKey(
        NodeGroup, verbose_name=_("node group"), related_name="applies", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(_("who (as written)"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("group configuration apply")
        verbose_name_plural = _("group configuration applies")

    def __str__(self) -> str:
        return f"{self.group_id} {self.status}"

    @property
    def succeeded(self) -> bool:
        return self.status in SUCCEEDED


class ConfigApply(models.Model):
    """One render-and-apply attempt on a node: who, when, which version, the diff and the outcome."""

    Status = ApplyStatus

    class Kind(models.TextChoices):
        APPLY = "apply", _("apply")
        ROLLBACK = "rollback", _("rollback")

    server = models.ForeignKey(
        AsteriskServer,
        verbose_name=_("Asterisk server"),
        related_name="config_applies",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.APPLY)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    previous_version = models.PositiveIntegerField(_("previous version"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(_("who (as written)"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    changed_files = models.JSONField(_("changed files"), default=list, blank=True)
    reloaded = models.JSONField(_("reloaded modules"), default=list, blank=True)
    diff = models.TextField(_("diff"), blank=True)
    error = models.TextField(_("error"), blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    group_apply = models.ForeignKey(
        GroupApply,
        verbose_name=_("group apply"),
        related_name="node_applies",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("configuration apply")
        verbose_name_plural = _("configuration applies")

    def __str__(self) -> str:
        return f"{self.server_id} v{self.version or '-'} {self.status}"

    @property
    def succeeded(self) -> bool:
        return self.status in SUCCEEDED
