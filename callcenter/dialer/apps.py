"""App config for the outbound dialer."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialerConfig(AppConfig):
    name = "callcenter.dialer"
    label = "dialer"
    verbose_name = _("Outbound dialer")

    def ready(self) -> None:
        # Attempts settle from the events of the bridge's one AMI connection per node.
        from callcenter.dialer.actions.callbacks import follow_callback
        from callcenter.dialer.events import SUBSCRIBER
        from callcenter.live.subscribers import register
        from callcenter.stats.actions import register_callback_listener

        register(SUBSCRIBER)
        # A callback assigned or closed on the list: its lead in a callbacks campaign follows.
        register_callback_listener(follow_callback)
