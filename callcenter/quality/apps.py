"""App config for quality: call recordings tied to their calls, retention, and QA evaluations."""

from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "callcenter.quality"
    label = "quality"

    def ready(self) -> None:
        # The statistics agent report and its call lists are below this app: they show the QA figures and
        # the links to the player through their registration points.
        from callcenter.quality import hooks
        from callcenter.stats import extensions

        extensions.register_agent_figures("qa", hooks.empty_qa, hooks.qa_by_member)
        extensions.register_call_links(hooks.recording_links)
