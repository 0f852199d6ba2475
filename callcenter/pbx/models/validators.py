"""The reserved names and the validators that keep PBX values safe in the rendered files."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from callcenter.core.validators import validate_abs_path

# queues.conf: app_queue reads [general] as its own settings, whatever its letter case.
RESERVED_QUEUE_NAMES = frozenset({"general"})
# The dialer's answered calls reach cc-dialer-connected with the campaign's queue as the extension, beside
# the extensions "agent" (preview) and "failed" (a call Asterisk could not place).
DIALER_EXTENSIONS = frozenset({"agent", "failed"})
# A queue's exit-with-key context is cc-queue-exit-<queue>: a queue named exit-<x> would render a
# context cc-queue-exit-<x> that clashes with the exit context of the queue <x>.
RESERVED_QUEUE_PREFIX = "exit-"
# pjsip.conf: the rendered transports are cc-transport-udp/-tcp/-tls.
RESERVED_TRUNK_PREFIX = "cc-transport-"
# extensions.conf: pbx_config reads [general] and [globals] as settings, never as contexts.
RESERVED_CONTEXT_NAMES = frozenset({"general", "globals"})
# musiconhold.conf: [general] holds the module's settings, and [default] is the node's own class (the
# Asterisk image ships it with the opsound music); a rendered [default] would clash with it.
DEFAULT_MOH_CLASS = "default"
RESERVED_MOH_CLASS_NAMES = frozenset({"general", DEFAULT_MOH_CLASS})
validate_sha256 = RegexValidator(r"^[0-9a-f]{64}\Z", _("Not a SHA-256 digest."), code="bad_sha256")


def validate_queue_name(value: str) -> None:
    """Refuse the names a queue cannot take in the rendered files (see RESERVED_QUEUE_NAMES)."""
    folded = str(value).lower()
    if folded in RESERVED_QUEUE_NAMES:
        raise ValidationError(
            _("“%(value)s” is reserved: queues.conf uses [%(value)s] for its own settings."),
            code="reserved_name",
            params={"value": value},
        )
    if folded in DIALER_EXTENSIONS:
        raise ValidationError(
            _("“%(value)s” is reserved: the dialer's dialplan uses it for calls that are no queue's."),
            code="reserved_name",
            params={"value": value},
        )
    if folded.startswith(RESERVED_QUEUE_PREFIX):
        raise ValidationError(
            _("Queue names may not start with “%(prefix)s”: that prefix is reserved for exit contexts."),
            code="reserved_name",
            params={"prefix": RESERVED_QUEUE_PREFIX},
        )


def validate_trunk_name(value: str) -> None:
    """Refuse trunk names that would collide with the phones or transports of pjsip.conf."""
    text = str(value)
    if text.lower().startswith(RESERVED_TRUNK_PREFIX):
        raise ValidationError(
            _("Trunk names may not start with “%(prefix)s”: pjsip.conf uses it for its transports."),
            code="reserved_name",
            params={"prefix": RESERVED_TRUNK_PREFIX},
        )
    if text.isdigit():
        raise ValidationError(
            _(
                "A trunk name may not be only digits: phones are PJSIP endpoints named by their "
                "extension, and the trunk would take the same name."
            ),
            code="reserved_name",
        )


def validate_context_reference(value: str) -> None:
    """Refuse a dialplan context name that extensions.conf reserves for its settings."""
    if str(value).lower() in RESERVED_CONTEXT_NAMES:
        raise ValidationError(
            _("“%(value)s” is not a dialplan context: extensions.conf uses [%(value)s] for its settings."),
            code="reserved_name",
            params={"value": value},
        )


def validate_moh_class_name(value: str) -> None:
    """Refuse the names a music-on-hold class cannot take in musiconhold.conf (RESERVED_MOH_CLASS_NAMES)."""
    if str(value).lower() in RESERVED_MOH_CLASS_NAMES:
        raise ValidationError(
            _(
                "“%(value)s” is reserved: musiconhold.conf uses [%(value)s] for the node's own settings or music."
            ),
            code="reserved_name",
            params={"value": value},
        )


def validate_recordings_dir(value: str) -> None:
    """An absolute directory for the recordings: a safe path, without ``..`` and not the root itself."""
    validate_abs_path(value)
    text = str(value)
    if ".." in text.split("/") or text.rstrip("/") == "":
        raise ValidationError(
            _("“%(value)s” is not allowed: give an absolute directory without “..”, other than /."),
            code="bad_recordings_dir",
            params={"value": text[:40]},
        )


def case_variant_error(instance: Any, message: Any) -> ValidationError | None:
    """The error for a name that another row of the same model already has in another letter case.

    Asterisk compares some names without regard to case (app_queue's queues, GROUP() channel counters),
    so two rows whose names differ only in case would silently become one object there. An exact
    duplicate is left to the unique check of the field, which reports it in its own words.
    """
    name = getattr(instance, "name", "") or ""
    if not name:
        return None
    others = type(instance)._default_manager.filter(name__iexact=name).exclude(name=name)
    if instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    other = others.values_list("name", flat=True).first()
    if other is None:
        return None
    return ValidationError(message, code="unique_case_insensitive", params={"other": other})
