"""REST API of quality: recordings (search, the audio by byte ranges), QA forms, evaluations, retention.

Reads are filtered by ``visible_to`` (a recording someone may not hear is a 404); every write, and every
play or download, goes through callcenter.quality.actions and is audited.
"""

from __future__ import annotations

from rest_framework.routers import BaseRouter

from callcenter.quality.api.evaluations import EvaluationViewSet
from callcenter.quality.api.forms import EvaluationFormViewSet, QuestionViewSet, SectionViewSet
from callcenter.quality.api.recordings import RecordingViewSet
from callcenter.quality.api.retention import RetentionRuleViewSet
from callcenter.quality.api.scores import AgentScoresViewSet


def register(router: BaseRouter) -> None:
    """Register quality's viewsets on the project's API router."""
    router.register("quality/recordings", RecordingViewSet, basename="quality-recording")
    router.register("quality/forms", EvaluationFormViewSet, basename="quality-form")
    router.register("quality/sections", SectionViewSet, basename="quality-section")
    router.register("quality/questions", QuestionViewSet, basename="quality-question")
    router.register("quality/evaluations", EvaluationViewSet, basename="quality-evaluation")
    router.register("quality/retention", RetentionRuleViewSet, basename="quality-retention")
    router.register("quality/agent-scores", AgentScoresViewSet, basename="quality-agent-scores")
