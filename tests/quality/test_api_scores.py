"""``/api/quality/agent-scores/``: closed evaluations per agent, limited to the queues the reader sees."""

from __future__ import annotations

from decimal import Decimal

import pytest

from callcenter.accounts.models import User
from callcenter.quality.models import Evaluation
from tests.harness.personas import Center, api_client
from tests.quality.factories import T0, EvaluationFactory, RecordingFactory

pytestmark = pytest.mark.django_db

URL = "/api/quality/agent-scores/"
DAY = {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "UTC"}


def _evaluation(queue: str, agent: str, score: str, status: str = "closed") -> Evaluation:
    recording = RecordingFactory.create(queue=queue, agent=agent, started_at=T0)
    evaluation: Evaluation = EvaluationFactory.create(
        recording=recording, status=status, score=Decimal(score)
    )
    return evaluation


@pytest.fixture
def scored(center: Center) -> Center:
    """Support: Agent 1001 closed at 80 and 60, one more open; sales: Agent 1201 closed at 90."""
    _evaluation("support", "Agent 1001", "80")
    _evaluation("support", "Agent 1001", "60")
    _evaluation("support", "Agent 1001", "10", status="open")
    _evaluation("sales", "Agent 1201", "90")
    return center


def test_a_manager_gets_every_agents_closed_evaluations(scored: Center, manager_user: User) -> None:
    response = api_client(manager_user).get(URL, DAY)
    assert response.status_code == 200
    assert response.json() == {
        "agents": {"Agent 1001": {"count": 2, "avg": 70.0}, "Agent 1201": {"count": 1, "avg": 90.0}}
    }


def test_a_supervisor_gets_only_the_agents_of_their_queues(scored: Center) -> None:
    assert api_client(scored["sam"]).get(URL, DAY).json() == {
        "agents": {"Agent 1001": {"count": 2, "avg": 70.0}}
    }


def test_another_day_has_no_figures(scored: Center, manager_user: User) -> None:
    other_day = {**DAY, "date_from": "2026-11-24", "date_to": "2026-11-24"}
    assert api_client(manager_user).get(URL, other_day).json() == {"agents": {}}


def test_a_bad_period_is_a_400_naming_the_field(manager_user: User) -> None:
    response = api_client(manager_user).get(URL, {**DAY, "date_to": "2026-11-22"})
    assert response.status_code == 400
    assert response.json()["date_to"][0]["message"] == "The end is before the start."


def test_an_agent_may_not_read_the_scores(scored: Center) -> None:
    assert api_client(scored["agent_user"]).get(URL, DAY).status_code == 403
