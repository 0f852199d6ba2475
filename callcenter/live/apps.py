"""App config for live."""

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "callcenter.live"
    label = "live"

    def ready(self) -> None:
        # The configuration apply (pbx, below this app) cannot import the bridge: it calls back here,
        # and the node's bridge re-reads QueueStatus after every reload the apply makes.
        from callcenter.live.bridge import resync_after_reload
        from callcenter.pbx.apply import add_reload_listener

        add_reload_listener(resync_after_reload)
