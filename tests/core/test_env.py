"""Settings helpers fail loudly on missing or malformed values."""

from __future__ import annotations

import os
import subprocess

import pytest

from callcenter.core.env import (
    ImproperlyConfiguredEnv,
    env_bool,
    env_int,
    env_list,
    env_origins,
    env_str,
    parse_database_url,
    validate_hsts,
    validate_redis_url,
)
from tests.harness.interpreter import run_python


def test_required_variable_missing_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CC_TEST_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfiguredEnv, match="CC_TEST_REQUIRED is required"):
        env_str("CC_TEST_REQUIRED", required=True)


def test_boolean_refuses_ambiguous_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfiguredEnv, match="not a boolean"):
        env_bool("CC_TEST_FLAG")


def test_integer_refuses_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_TEST_INT", "ten")
    with pytest.raises(ImproperlyConfiguredEnv, match="not an integer"):
        env_int("CC_TEST_INT", 1)


def test_list_splits_and_trims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_TEST_LIST", " a.example, b.example ,,")
    assert env_list("CC_TEST_LIST") == ["a.example", "b.example"]


def test_postgres_url_is_parsed() -> None:
    db = parse_database_url("postgres://cc:p%40ss@db.internal:6432/callcenter?sslmode=require")
    assert (db.engine, db.name, db.user, db.password, db.host, db.port) == (
        "django.db.backends.postgresql",
        "callcenter",
        "cc",
        "p@ss",
        "db.internal",
        "6432",
    )
    assert db.options == {"sslmode": "require"}


def test_a_kept_postgres_connection_is_checked_before_use() -> None:
    config = parse_database_url("postgres://cc@db.internal/callcenter").as_django()
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)


@pytest.mark.parametrize(
    ("url", "expected"),
    [("sqlite:///var/db.sqlite3", "var/db.sqlite3"), ("sqlite:////srv/cc/db.sqlite3", "/srv/cc/db.sqlite3")],
)
def test_sqlite_url_paths(url: str, expected: str) -> None:
    assert parse_database_url(url).name == expected


def test_unknown_database_scheme_is_refused() -> None:
    with pytest.raises(ImproperlyConfiguredEnv, match="unsupported scheme"):
        parse_database_url("mysql://root@localhost/cc")


def test_redis_url_must_be_redis() -> None:
    with pytest.raises(ImproperlyConfiguredEnv, match="not a redis"):
        validate_redis_url("http://127.0.0.1:6379")


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_DEBUG", "CALLCENTER_DEMO", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean.update(env)
    return run_python("-c", "import callcenter.settings", env=clean)


def test_production_without_secret_key_fails_loudly() -> None:
    result = _import_settings({"ALLOWED_HOSTS": "cc.example.com"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_without_allowed_hosts_fails_loudly() -> None:
    result = _import_settings({"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is required" in result.stderr


def test_production_refuses_wildcard_host() -> None:
    result = _import_settings({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "not '*'" in result.stderr


def test_production_with_secret_and_hosts_starts() -> None:
    result = _import_settings({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "cc.example.com"})
    assert result.returncode == 0, result.stderr


def test_integer_refuses_a_value_below_the_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_TEST_INT", "-1")
    with pytest.raises(ImproperlyConfiguredEnv, match="must be at least 0"):
        env_int("CC_TEST_INT", 1, minimum=0)


def test_integer_accepts_the_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_TEST_INT", "0")
    assert env_int("CC_TEST_INT", 1, minimum=0) == 0


@pytest.mark.parametrize(
    "origin", ["cc.example.com", "https://", "ftp://cc.example.com", "https://cc.example.com/app"]
)
def test_origins_refuse_what_is_not_an_origin(monkeypatch: pytest.MonkeyPatch, origin: str) -> None:
    monkeypatch.setenv("CC_TEST_ORIGINS", f"https://ok.example.com,{origin}")
    with pytest.raises(ImproperlyConfiguredEnv, match="is not an origin"):
        env_origins("CC_TEST_ORIGINS")


def test_origins_accept_scheme_host_and_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_TEST_ORIGINS", "https://cc.example.com, http://10.0.0.5:8443")
    assert env_origins("CC_TEST_ORIGINS") == ["https://cc.example.com", "http://10.0.0.5:8443"]


@pytest.mark.parametrize(
    ("seconds", "subdomains", "preload"),
    [(0, True, False), (0, False, True), (63072000, False, True), (86400, True, True)],
    ids=[
        "subdomains-without-seconds",
        "preload-without-seconds",
        "preload-without-subdomains",
        "preload-short",
    ],
)
def test_hsts_flags_that_would_be_ignored_are_refused(seconds: int, subdomains: bool, preload: bool) -> None:
    with pytest.raises(ImproperlyConfiguredEnv, match="SECURE_HSTS"):
        validate_hsts(seconds, subdomains, preload)


def test_hsts_fit_for_the_preload_list_is_accepted() -> None:
    validate_hsts(31536000, True, True)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgres://postgres@127.0.0.1:5432/", "names no database"),
        ("sqlite:///", "names no file"),
        ("mysql://root@127.0.0.1/callcenter", "unsupported scheme 'mysql'"),
    ],
)
def test_a_database_url_that_names_nothing_usable_is_refused_with_the_reason(url: str, reason: str) -> None:
    with pytest.raises(ImproperlyConfiguredEnv, match=reason):
        parse_database_url(url)


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://cache.example:6380", "unix:///run/redis.sock"]
)
def test_the_redis_url_schemes_are_accepted_as_given(url: str) -> None:
    assert validate_redis_url(url) == url


def test_a_redis_url_without_a_host_is_refused() -> None:
    with pytest.raises(ImproperlyConfiguredEnv, match="is not a redis:// URL"):
        validate_redis_url("redis:///0")


def test_an_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC_TEST_EMPTY", "")
    assert env_str("CC_TEST_EMPTY", "fallback") == "fallback"
    assert env_int("CC_TEST_EMPTY", 7) == 7
    with pytest.raises(ImproperlyConfiguredEnv, match="CC_TEST_EMPTY is required"):
        env_str("CC_TEST_EMPTY", required=True)


@pytest.mark.parametrize(("value", "expected"), [(" YES ", True), ("on", True), ("0", False), ("Off", False)])
def test_a_boolean_reads_the_usual_words_in_any_case(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("CC_TEST_FLAG", value)
    assert env_bool("CC_TEST_FLAG", default=not expected) is expected


def test_an_unset_list_gives_a_copy_of_its_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CC_TEST_LIST", raising=False)
    default = ["a"]
    value = env_list("CC_TEST_LIST", default)
    value.append("b")
    assert default == ["a"]
