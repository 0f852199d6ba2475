"""The signed-in agent's floor API refusing: each refusal answers its status and sends nothing to Asterisk."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter.agents.models import QueueMembership
from callcenter.audit.models import AuditEntry
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers
from tests.wallboard.floor import on_me

pytestmark = pytest.mark.django_db


def test_logging_in_to_all_queues_without_a_dynamic_one_is_409(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    QueueMembership.objects.filter(agent=center["ivan"]).update(static=True)

    response = on_me(center["agent_user"], "login", {"all": True})

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"{center['ivan'].display_name} has no queue to log in to (no dynamic membership)."
    }
    assert fixture_ami.actions.empty()
    assert not AuditEntry.objects.filter(action="wallboard.queue_add").exists()


def test_a_deactivated_agent_is_refused(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    center["ivan"].active = False
    center["ivan"].save()

    response = on_me(center["agent_user"], "login", {"all": True})

    assert response.status_code == 403
    assert fixture_ami.actions.empty()
