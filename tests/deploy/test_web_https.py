"""The web service's environment in docker/compose.yaml is an HTTPS deployment behind the proxy."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any

from tests.harness.interpreter import check_deploy


def web_environment(compose_resolved: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in compose_resolved["services"]["web"]["environment"].items()}


def test_web_trusts_the_proxy_redirects_to_https_and_sends_hsts(compose_resolved: dict[str, Any]) -> None:
    env = web_environment(compose_resolved)
    assert {key: env[key] for key in ("SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT")} == {
        "SECURE_PROXY_SSL_HEADER": "1",
        "SECURE_SSL_REDIRECT": "1",
    }
    assert (env["SESSION_COOKIE_SECURE"], env["CSRF_COOKIE_SECURE"]) == ("1", "1")
    assert int(env["SECURE_HSTS_SECONDS"]) >= 31536000
    assert env["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == "1"
    assert env["CSRF_TRUSTED_ORIGINS"].startswith("https://")


def test_check_deploy_on_the_web_environment_asks_only_for_the_preload_opt_in(
    compose_resolved: dict[str, Any], tmp_path: Path
) -> None:
    # The example's SECURE_HSTS_PRELOAD=0 is deliberate (docs/deployment.md); everything else is clean.
    env = {
        "PATH": os.environ.get("PATH", ""),
        **web_environment(compose_resolved),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CALLCENTER_VAR_DIR": str(tmp_path),
    }
    result = check_deploy(env, fail_level="ERROR")
    assert result.returncode == 0, result.stderr
    assert sorted(set(re.findall(r"\(([a-z_.]+\.[WE]\d+)\)", result.stderr))) == ["security.W021"], (
        result.stderr
    )
