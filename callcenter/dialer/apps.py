"""App config for the outbound dialer."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialerConfig(AppConfig):
    name = "callcenter.dialer"
    label = "dialer"
    verbose_name = _("Outbound dialer")

    def ready(self) -> None:
        # Attempts settle from the events of the bridge's one AMI connection per node.
        from callcenter.dialer.events import SUBSCRIBER
        from callcenter.live.subscribers import register

        register(SUBSCRIBER)
