"""App config for wallboard."""

from django.apps import AppConfig


class WallboardConfig(AppConfig):
    name = "callcenter.wallboard"
    label = "wallboard"

    def ready(self) -> None:
        # Spy sessions and trunk alarms follow the events of the bridge's one AMI connection per node.
        from callcenter.live.subscribers import register
        from callcenter.wallboard.spies import subscriber

        register(subscriber())
