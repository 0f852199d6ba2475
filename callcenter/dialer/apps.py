"""App config for the outbound dialer."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialerConfig(AppConfig):
    name = "callcenter.dialer"
    label = "dialer"
    verbose_name = _("Outbound dialer")
