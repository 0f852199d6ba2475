"""Typed helpers that read settings from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlparse


class ImproperlyConfiguredEnv(RuntimeError):
    """A required environment variable is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    """Return the variable's value, the default, or fail when it is required and absent."""
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfiguredEnv(f"environment variable {name} is required but not set")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """Parse a boolean flag; anything but a clear yes/no is an error."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfiguredEnv(
        f"environment variable {name}={value!r} is not a boolean (use 1/0, true/false)"
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Parse an integer; a non-integer value (or one below ``minimum``) is an error, never the default."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"environment variable {name}={value!r} is not an integer") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfiguredEnv(f"environment variable {name}={value!r} must be at least {minimum}")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Parse a comma-separated list, dropping empty items."""
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_origins(name: str) -> list[str]:
    """Parse a comma-separated list of origins, each ``scheme://host[:port]`` with no path."""
    origins = env_list(name)
    for origin in origins:
        parsed = urlparse(origin)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc or parsed.path not in {"", "/"}:
            raise ImproperlyConfiguredEnv(
                f"environment variable {name}: {origin!r} is not an origin (use https://host[:port])"
            )
    return origins


# The shortest max-age the browsers' HSTS preload list accepts: one year.
HSTS_PRELOAD_MIN_SECONDS = 31_536_000


def validate_hsts(seconds: int, include_subdomains: bool, preload: bool) -> None:
    """Refuse HSTS flags that would be silently ignored or rejected by the preload list."""
    if (include_subdomains or preload) and seconds <= 0:
        raise ImproperlyConfiguredEnv(
            "SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_PRELOAD need SECURE_HSTS_SECONDS > 0"
        )
    if preload and (not include_subdomains or seconds < HSTS_PRELOAD_MIN_SECONDS):
        raise ImproperlyConfiguredEnv(
            "SECURE_HSTS_PRELOAD needs SECURE_HSTS_INCLUDE_SUBDOMAINS=1 and "
            f"SECURE_HSTS_SECONDS >= {HSTS_PRELOAD_MIN_SECONDS} (the preload list's requirements)"
        )


@dataclass(frozen=True)
class DatabaseSettings:
    """The pieces of a database URL that Django's DATABASES needs."""

    engine: str
    name: str
    user: str
    password: str
    host: str
    port: str
    options: dict[str, str]

    def as_django(self) -> dict[str, object]:
        config: dict[str, object] = {
            "ENGINE": self.engine,
            "NAME": self.name,
            "USER": self.user,
            "PASSWORD": self.password,
            "HOST": self.host,
            "PORT": self.port,
            "CONN_MAX_AGE": 60 if self.engine.endswith("postgresql") else 0,
            # A kept connection is checked before each request or task uses it: after a database restart
            # the first request gets a new connection instead of an error.
            "CONN_HEALTH_CHECKS": self.engine.endswith("postgresql"),
        }
        if self.options:
            config["OPTIONS"] = dict(self.options)
        return config


def parse_database_url(url: str) -> DatabaseSettings:
    """Parse ``postgres://user:pass@host:port/name`` or ``sqlite:///path``; anything else is an error."""
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise ImproperlyConfiguredEnv(f"DATABASE_URL {url!r} names no database")
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return DatabaseSettings(
            engine="django.db.backends.postgresql",
            name=name,
            user=unquote(parsed.username or ""),
            password=unquote(parsed.password or ""),
            host=parsed.hostname or "",
            port=str(parsed.port or ""),
            options=options,
        )
    if parsed.scheme == "sqlite":
        # sqlite:///relative/file or sqlite:////absolute/file, as dj-database-url reads them.
        raw = unquote(parsed.path)
        path = raw[1:] if raw.startswith("/") else raw
        if not path:
            raise ImproperlyConfiguredEnv(f"DATABASE_URL {url!r} names no file")
        return DatabaseSettings("django.db.backends.sqlite3", path, "", "", "", "", {})
    raise ImproperlyConfiguredEnv(
        f"DATABASE_URL {url!r} has an unsupported scheme {parsed.scheme!r} (use postgres:// or sqlite:///)"
    )


def validate_redis_url(url: str) -> str:
    """Accept redis:// and rediss:// URLs only."""
    parsed = urlparse(url)
    if parsed.scheme not in {"redis", "rediss", "unix"} or (parsed.scheme != "unix" and not parsed.hostname):
        raise ImproperlyConfiguredEnv(f"REDIS_URL {url!r} is not a redis:// URL")
    return url


def validate_phone_region(value: str) -> str:
    """A region code phonenumbers knows (``RU``, ``DE`` ...), upper-cased; anything else is an error."""
    import phonenumbers

    region = value.strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ImproperlyConfiguredEnv(
            f"PHONE_DEFAULT_REGION={value!r} is not a region code phonenumbers knows (such as RU or DE)"
        )
    return region
