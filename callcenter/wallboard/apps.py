"""App config for wallboard."""

from django.apps import AppConfig


class WallboardConfig(AppConfig):
    name = "callcenter.wallboard"
    label = "wallboard"

    def ready(self) -> None:
        # Spy sessions and trunk alarms follow the events of the bridge's one AMI connection per node.
        from django.conf import settings

        from callcenter.live import watchers
        from callcenter.live.subscribers import register
        from callcenter.wallboard.follow import follow_once
        from callcenter.wallboard.spies import subscriber

        register(subscriber())
        # Agents follow their phones to a surviving node of a group (docs/ha.md).
        watchers.register(
            watchers.Watcher("follow-phones", follow_once, lambda: settings.FOLLOW_INTERVAL_MS / 1000)
        )
