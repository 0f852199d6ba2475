"""The OpenAPI schema is generated, valid, and without a single warning or error."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS


def test_schema_generation_validates_without_warnings(tmp_path: Path) -> None:
    # Warnings are remembered per process; start from none so that only this generation counts.
    GENERATOR_STATS.reset()
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    report = schema["paths"]["/api/stats/queue-report/"]["get"]["responses"]["200"]
    assert report["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/QueueReport"}
