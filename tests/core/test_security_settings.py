"""HTTPS, HSTS and sign-in lockout settings read from the environment, in a fresh interpreter each."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import pytest

from tests.harness.interpreter import check_deploy, run_python

# Every variable these tests set or that changes the settings read; the rest of the environment is kept.
_CONTROLLED = {
    "DJANGO_DEBUG",
    "CALLCENTER_DEMO",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "DATABASE_URL",
    "REDIS_URL",
    # Set by tests that run async code in this process; check --deploy refuses it (async.E001).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}

_PRINT = """
import json
from callcenter import settings as s
print(json.dumps({
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_PROXY_SSL_HEADER": list(getattr(s, "SECURE_PROXY_SSL_HEADER", None) or []),
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "AXES_FAILURE_LIMIT": s.AXES_FAILURE_LIMIT,
    "AXES_COOLOFF_TIME": s.AXES_COOLOFF_TIME.total_seconds() if s.AXES_COOLOFF_TIME else None,
}))
"""


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _CONTROLLED}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "cc.example.com",
            "CALLCENTER_VAR_DIR": str(tmp_path),
        }
    )
    env.update(extra)
    return env


def read_settings(env: dict[str, str]) -> dict[str, Any]:
    result = run_python("-c", _PRINT, env=env)
    assert result.returncode == 0, result.stderr
    loaded: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_production_defaults_to_https(tmp_path: Path) -> None:
    values = read_settings(production_env(tmp_path))
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_debug_defaults_to_plain_http(tmp_path: Path) -> None:
    values = read_settings(production_env(tmp_path, DJANGO_DEBUG="1"))
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == []


def test_the_demo_defaults_to_plain_http(tmp_path: Path) -> None:
    values = read_settings(production_env(tmp_path, CALLCENTER_DEMO="1"))
    assert (values["SESSION_COOKIE_SECURE"], values["SECURE_SSL_REDIRECT"]) == (False, False)


def test_hsts_is_off_unless_set(tmp_path: Path) -> None:
    assert read_settings(production_env(tmp_path))["SECURE_HSTS_SECONDS"] == 0


def test_the_environment_can_turn_the_proxy_header_off(tmp_path: Path) -> None:
    values = read_settings(production_env(tmp_path, SECURE_PROXY_SSL_HEADER="0"))
    assert values["SECURE_PROXY_SSL_HEADER"] == []


def test_lockout_defaults(tmp_path: Path) -> None:
    values = read_settings(production_env(tmp_path))
    assert (values["AXES_FAILURE_LIMIT"], values["AXES_COOLOFF_TIME"]) == (5, 1800)


def test_lockout_limits_come_from_the_environment(tmp_path: Path) -> None:
    values = read_settings(production_env(tmp_path, AXES_FAILURE_LIMIT="10", AXES_COOLOFF_MINUTES="0"))
    assert (values["AXES_FAILURE_LIMIT"], values["AXES_COOLOFF_TIME"]) == (10, None)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECURE_HSTS_SECONDS", "two years", "not an integer"),
        ("SECURE_HSTS_SECONDS", "-5", "must be at least 0"),
        ("SECURE_SSL_REDIRECT", "sometimes", "not a boolean"),
        ("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO,https", "not a boolean"),
        ("SECURE_HSTS_PRELOAD", "1", "need SECURE_HSTS_SECONDS > 0"),
        ("CSRF_TRUSTED_ORIGINS", "cc.example.com", "is not an origin"),
        ("AXES_FAILURE_LIMIT", "0", "must be at least 1"),
        ("AXES_COOLOFF_MINUTES", "-1", "must be at least 0"),
    ],
)
def test_a_bad_value_stops_the_start(tmp_path: Path, variable: str, value: str, message: str) -> None:
    result = run_python("-c", "import callcenter.settings", env=production_env(tmp_path, **{variable: value}))
    assert result.returncode != 0
    assert message in result.stderr
    assert variable in result.stderr


def test_check_deploy_is_clean_with_the_https_settings_on(tmp_path: Path) -> None:
    env = production_env(
        tmp_path,
        CSRF_TRUSTED_ORIGINS="https://cc.example.com",
        SESSION_COOKIE_SECURE="1",
        CSRF_COOKIE_SECURE="1",
        SECURE_PROXY_SSL_HEADER="1",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="63072000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
    )
    result = check_deploy(env, fail_level="WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
