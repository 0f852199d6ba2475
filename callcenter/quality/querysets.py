"""Who sees which recordings, evaluations and forms.

Listening follows the rule of listening in on a live call (wallboard's ``can_supervise``): administrators
hear every recording, a supervisor the recordings of the agents of their own teams. An agent hears their
own recordings and sees their own closed evaluations. Anyone else sees none: a recording that is not
visible is "not found", never "forbidden", so its existence is not given away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import OuterRef, Subquery

from callcenter.accounts.models import Role
from callcenter.accounts.roles import role_of
from callcenter.stats.models import Call

if TYPE_CHECKING:
    from callcenter.quality.models import Evaluation, EvaluationForm, Recording  # noqa: F401

# Who may score calls and define forms.
EVALUATORS = (Role.ADMIN, Role.SUPERVISOR)

_QuerySetT = TypeVar("_QuerySetT", bound=models.QuerySet[Any])


def _by_agent(queryset: _QuerySetT, user: Any, **own: Any) -> _QuerySetT:
    """All rows for an admin, those of the agents of their teams for a supervisor, an agent's own rows
    (narrowed by ``own``) for an agent, none for anyone else."""
    role = role_of(user)
    if role == Role.ADMIN:
        return queryset.all()
    if role == Role.SUPERVISOR:
        return queryset.filter(agent_ref__team__supervisors=user)
    if role == Role.AGENT:
        return queryset.filter(agent_ref__user=user, **own)
    return queryset.none()


class RecordingQuerySet(models.QuerySet["Recording"]):
    def visible_to(self, user: Any) -> RecordingQuerySet:
        return _by_agent(self, user)

    def with_call(self) -> RecordingQuerySet:
        """Annotated with the call's outcome and survey score from the statistics (``call_outcome``,
        ``call_survey``), which the loader may still change after the recording was imported."""
        calls = Call.objects.filter(
            server=OuterRef("server"), callid=OuterRef("callid"), queue=OuterRef("queue")
        )
        return self.annotate(
            call_outcome=Subquery(calls.values("outcome")[:1]),
            call_survey=Subquery(calls.values("survey_score")[:1]),
        )


class EvaluationQuerySet(models.QuerySet["Evaluation"]):
    def visible_to(self, user: Any) -> EvaluationQuerySet:
        return _by_agent(self, user, status="closed")


class EvaluationFormQuerySet(models.QuerySet["EvaluationForm"]):
    def visible_to(self, user: Any) -> EvaluationFormQuerySet:
        return self.all() if role_of(user) in EVALUATORS else self.none()
