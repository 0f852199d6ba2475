"""App config for the audit log."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "callcenter.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Connects the receivers that audit sign-ins, failed sign-ins, lockouts and sign-outs.
        from callcenter.audit import signals  # noqa: F401
