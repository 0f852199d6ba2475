"""App config for stats."""

from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "callcenter.stats"
    label = "stats"

    def ready(self) -> None:
        # A requested report is built by the Celery task, which calls the report actions: they cannot
        # import it, so the task is registered with them here.
        from callcenter.stats.actions.reports import register_report_queue
        from callcenter.stats.tasks import build_report_run

        register_report_queue(build_report_run.delay)
