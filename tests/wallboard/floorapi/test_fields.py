"""Floor API requests with a field at fault: a 400 that names the field, and nothing sent to Asterisk or
audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from callcenter.audit.models import AuditEntry
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers
from tests.wallboard.floor import on_agent, on_me

if TYPE_CHECKING:
    from rest_framework.response import _MonkeyPatchedResponse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pause_reasons")]

Request = Callable[[dict[str, Any]], "_MonkeyPatchedResponse"]


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        pytest.param(
            lambda c: on_agent(c["sam"], c["ivan"], "pause", {"reason": "nap"}),
            "reason",
            id="unknown-pause-reason",
        ),
        pytest.param(
            lambda c: on_agent(c["sam"], c["anna"], "login"), "queue", id="login-with-neither-queue-nor-all"
        ),
        pytest.param(
            lambda c: on_agent(c["sam"], c["anna"], "login", {"queue": "support", "all": True}),
            "all",
            id="login-to-a-queue-and-to-all-at-once",
        ),
        pytest.param(
            lambda c: on_me(c["agent_user"], "pause", {"reason": ""}), "reason", id="me-pause-without-reason"
        ),
        pytest.param(
            lambda c: on_me(c["agent_user"], "logout"), "queue", id="me-logout-with-neither-queue-nor-all"
        ),
        pytest.param(
            lambda c: on_me(c["agent_user"], "unpause", {"queue": "sales"}),
            "queue",
            id="me-unpause-in-a-queue-not-theirs",
        ),
        pytest.param(
            lambda c: on_me(c["agent_user"], "login", {"queue": "sales"}),
            "queue",
            id="me-login-to-a-queue-not-theirs",
        ),
        pytest.param(
            lambda c: on_me(c["agent_user"], "login", {"queue": "nowhere"}),
            "queue",
            id="me-login-to-an-unknown-queue",
        ),
    ],
)
def test_a_field_at_fault_is_400_and_asterisk_is_not_asked(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    request_: Request,
    field: str,
) -> None:
    response = request_(center)

    assert response.status_code == 400
    assert set(response.json()) == {field}
    assert fixture_ami.actions.empty()
    assert not AuditEntry.objects.exists()
