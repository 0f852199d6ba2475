"""The API schema as schemathesis runs it: /api/schema/'s document, served by the project's WSGI app."""

from __future__ import annotations

import json
import os
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.config import OperationConfig, SchemathesisConfig
from schemathesis.schemas import BaseSchema

# A fixed seed and derandomized generation: the same cases on every run, so CI is repeatable.
SEED = 20260101
# Generated cases per operation in the fuzzing phase (examples and coverage cases come on top).
MAX_EXAMPLES = 25
# Scenarios, and steps per scenario, of the stateful phase.
STATEFUL_EXAMPLES = 100
STATEFUL_STEPS = 10
# Alice the administrator's API token, created by the `fuzz_data` fixture.
TOKEN = "apifuzz0apifuzz0apifuzz0apifuzz0apifuzz"

# Names the operations to run, e.g. "GET /api/queues/{id}/"; all of them when unset.
OPERATION_VARIABLE = "APIFUZZ_OPERATION"

# The floor's actions talk to Asterisk: without a node, or with one that refuses, they answer the 503 or
# 502 their schema documents (docs/api.md, "The floor").
FLOOR_OPERATIONS = {
    "include-path-regex": "^/api/floor/",
    "checks": {"not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "502", "503"]}},
}

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


def fuzz_config() -> dict[str, Any]:
    """The schemathesis configuration of the suite: every request authenticated as the admin."""
    return {
        "seed": SEED,
        "headers": {"Authorization": f"Token {TOKEN}"},
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "request-timeout": 10,
    }


def selected_operations() -> list[str]:
    """The operation names APIFUZZ_OPERATION selects; empty for every operation."""
    value = os.environ.get(OPERATION_VARIABLE, "")
    return [name.strip() for name in value.split(",") if name.strip()]


def load_schema() -> BaseSchema:
    """The document /api/schema/ serves, generated the same way, bound to the WSGI app in-process.

    APIFUZZ_OPERATION="GET /api/queues/{id}/" keeps only that operation (comma-separated for several),
    and skips the stateful test, which needs the whole schema's links.
    """
    generated = SchemaGenerator().get_schema(request=None, public=True)
    # Rendered as /api/schema/?format=json renders it: bounds of decimal fields become JSON numbers.
    document = json.loads(OpenApiJsonRenderer().render(generated))
    loaded = schemathesis.openapi.from_dict(document, config=SchemathesisConfig.from_dict(fuzz_config()))
    loaded.app = WSGIHandler()
    only = selected_operations()
    selected: BaseSchema = loaded.include(name=only) if only else loaded
    # Added after the selection: an operation setting given to from_dict makes include() keep every operation.
    selected.config.operations.operations.append(OperationConfig.from_dict(FLOOR_OPERATIONS))
    return selected
