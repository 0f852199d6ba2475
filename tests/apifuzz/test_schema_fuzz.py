"""Every operation of /api/schema/, fuzzed in-process as an administrator: hostile input never gives a 5xx,
and every answer conforms to the schema (a documented status code, content type and body).

Run by `make test-api` (docs/testing.md), not by `make test`.
"""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
from django.db import transaction
from schemathesis import Case

from tests.apifuzz.schema import (
    STATEFUL_EXAMPLES,
    STATEFUL_STEPS,
    load_schema,
)

schema = load_schema()


@schema.parametrize()
# The cases of one operation share the fixture's center on purpose; each runs in its own savepoint.
@hypothesis.settings(suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
def test_operation(case: Case[Any], fuzz_data: dict[str, Any]) -> None:
    """One operation: its schema examples, its coverage cases, and generated valid and invalid input."""
    savepoint = transaction.savepoint()
    try:
        case.call_and_validate()
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.mark.timeout(600)
def test_stateful(fuzz_data: dict[str, Any]) -> None:
    """Sequences of operations, following the schema's links from a create to the created object's
    retrieve, update, delete and detail actions, each answer checked like a single operation's."""

    class Scenario(schema.as_state_machine()):  # type: ignore[misc]
        """Each scenario starts from the same data, so that a failure replays the same way."""

        def setup(self) -> None:
            self.savepoint = transaction.savepoint()
            super().setup()

        def teardown(self) -> None:
            super().teardown()
            transaction.savepoint_rollback(self.savepoint)

    Scenario.run(
        settings=hypothesis.settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[hypothesis.Phase.generate, hypothesis.Phase.shrink],
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
