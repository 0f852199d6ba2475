"""Strict validators for every value that reaches an Asterisk file or a dialplan line.

A value is either accepted as it is or refused with a message naming the offending character; it is
never "cleaned". The forbidden sequences are the ones that would break out of a dialplan application
argument or a config line: newline, ``,`` ``;`` ``(`` ``)`` ``$[`` ``${`` and ``&``.

Values that people write and Asterisk never reads as they are (a CRM contact's name, an external CRM's
URL template) have their own, wider validators in callcenter.core.names and callcenter.core.url_templates
(importable from here too: migrations name them by this module's path); a name that does reach the
dialplan as a caller-ID name is made safe when it is sent (``caller_id_name``), never stored changed.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from callcenter.core.names import CALLER_ID_NAME_MAX, caller_id_name, validate_person_name
from callcenter.core.url_templates import (
    URL_TEMPLATE_MAX,
    URL_TEMPLATE_PLACEHOLDERS,
    render_url_template,
    validate_url_template,
)

# Checked first so that the message names the exact danger, not just "invalid characters".
DANGEROUS_SEQUENCES: tuple[tuple[str, str], ...] = (
    ("\r", "carriage return"),
    ("\n", "newline"),
    ("\x00", "NUL"),
    ("${", "${"),
    ("$[", "$["),
    (",", ","),
    (";", ";"),
    ("(", "("),
    (")", ")"),
    ("&", "&"),
    ("|", "|"),
    ('"', '"'),
    ("\\", "\\"),
)


def find_dangerous(value: str) -> str | None:
    """Return the name of the first dangerous sequence in value, or None."""
    for sequence, name in DANGEROUS_SEQUENCES:
        if sequence in value:
            return name
    return None


@deconstructible
class AsteriskSafeValidator:
    """Accept a value only if it contains no dangerous sequence and matches ``pattern`` whole."""

    def __init__(self, pattern: str, description: str, max_length: int = 80) -> None:
        self.pattern = pattern
        self.description = description
        self.max_length = max_length
        self._regex = re.compile(pattern)

    def __call__(self, value: Any) -> None:
        text = "" if value is None else str(value)
        danger = find_dangerous(text)
        if danger is not None:
            raise ValidationError(
                _("“%(value)s” contains the forbidden character %(char)s; allowed: %(allowed)s."),
                code="asterisk_unsafe",
                params={"value": text[:40], "char": danger, "allowed": self.description},
            )
        if len(text) > self.max_length:
            raise ValidationError(
                _("“%(value)s” is longer than %(max)s characters."),
                code="asterisk_too_long",
                params={"value": text[:40], "max": self.max_length},
            )
        if not self._regex.fullmatch(text):
            raise ValidationError(
                _("“%(value)s” is not allowed here; allowed: %(allowed)s."),
                code="asterisk_charset",
                params={"value": text[:40], "allowed": self.description},
            )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, AsteriskSafeValidator)
            and self.pattern == other.pattern
            and self.description == other.description
            and self.max_length == other.max_length
        )

    def __hash__(self) -> int:
        return hash((self.pattern, self.description, self.max_length))


# Section names, contexts, queue names, codes: ASCII, as Asterisk identifiers.
validate_identifier = AsteriskSafeValidator(
    r"[A-Za-z0-9][A-Za-z0-9_.-]*",
    "Latin letters, digits, '_', '-' and '.', starting with a letter or digit",
    64,
)
# Human names that Asterisk writes into queue_log and AMI (member names, caller ID names, labels):
# letters of any script, digits, spaces and a few safe punctuation marks.
validate_display_name = AsteriskSafeValidator(
    r"[\w][\w .'\u2019@:/+-]*", "letters, digits, spaces and . ' - _ @ : / +", 80
)
# Extensions and feature codes dialled from a phone.
validate_extension = AsteriskSafeValidator(r"[0-9*#]{1,20}", "digits, '*' and '#'", 20)
# Inbound numbers (DIDs) as the trunk delivers them.
validate_did = AsteriskSafeValidator(r"\+?[0-9]{2,20}", "digits with an optional leading '+'", 21)
# Phone numbers of callers and contacts (E.164 or national digits).
validate_phone_number = AsteriskSafeValidator(r"\+?[0-9]{2,20}", "digits with an optional leading '+'", 21)
# Asterisk channel interfaces such as PJSIP/1001 or Local/1001@agents/n.
validate_interface = AsteriskSafeValidator(
    r"(PJSIP|SIP|IAX2|DAHDI|Local)/[A-Za-z0-9_.+-]+(@[A-Za-z0-9_.-]+)?(/n)?",
    "a technology and resource such as PJSIP/1001 or Local/1001@agents/n",
    80,
)
# Sound prompts, relative to Asterisk's sounds directory, without extension.
validate_prompt = AsteriskSafeValidator(
    r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*",
    "a sound name such as custom/welcome (letters, digits, '_', '-', '/')",
    120,
)
# Host names and IP addresses.
validate_host = AsteriskSafeValidator(r"[A-Za-z0-9][A-Za-z0-9.:-]*", "a host name or IP address", 253)
# Absolute file system paths (queue_log, config directory).
validate_abs_path = AsteriskSafeValidator(
    r"/[A-Za-z0-9_./-]*", "an absolute path of letters, digits, '_', '-', '.'", 255
)
# Values such as usernames and codec lists in pjsip.conf.
validate_config_token = AsteriskSafeValidator(r"[A-Za-z0-9_.@+-]+", "Latin letters, digits and _ . @ + -", 80)
# Secrets: anything printable except what breaks a config line.
validate_secret = AsteriskSafeValidator(r"[!-~]+", "printable ASCII without spaces", 128)


def validate_time_zone(value: str) -> None:
    """Accept only IANA time-zone names that this machine's tz database knows."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("“%(value)s” is not a known time zone (use an IANA name such as Europe/Moscow)."),
            code="bad_time_zone",
            params={"value": value[:40]},
        ) from exc


# The calendar range every date and time given to the application must fall in. Wider values cannot
# be turned into local midnights and UTC instants in every time zone (Python's datetime stops at years
# 1 and 9999), and no call-center record is that old or that far ahead.
MIN_DATE = dt.date(1970, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)


def validate_date_in_range(value: dt.date | dt.datetime | None) -> None:
    """Accept a date (or a date and time) only between MIN_DATE and MAX_DATE inclusive."""
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValidationError(
            _("%(value)s is out of range: give a date from %(min)s to %(max)s."),
            code="date_out_of_range",
            params={"value": day.isoformat(), "min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
        )


__all__ = [
    "CALLER_ID_NAME_MAX",
    "MAX_DATE",
    "MIN_DATE",
    "URL_TEMPLATE_MAX",
    "URL_TEMPLATE_PLACEHOLDERS",
    "AsteriskSafeValidator",
    "caller_id_name",
    "find_dangerous",
    "render_url_template",
    "validate_abs_path",
    "validate_config_token",
    "validate_date_in_range",
    "validate_did",
    "validate_display_name",
    "validate_extension",
    "validate_host",
    "validate_identifier",
    "validate_interface",
    "validate_person_name",
    "validate_phone_number",
    "validate_prompt",
    "validate_secret",
    "validate_time_zone",
    "validate_url_template",
]
