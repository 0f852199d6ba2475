"""Phone numbers: the one normalisation to E.164 that callers, contacts, callbacks and the dialer share.

``normalise_phone`` reads a number as people and Asterisk write it (``8 (916) 111-00-00``,
``79161110000``, ``+7 916 111 00 00``) in the center's region (``PHONE_DEFAULT_REGION``, default ``RU``)
and answers the E.164 form (``+79161110000``), or raises ``BadNumber``. ``phone_key`` is the form numbers
are compared and stored in: the E.164 form of a valid number, else its digits (an extension, a short or
foreign test number), so that ``79161110000`` and ``89161110000`` are one caller.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _

_NOT_DIGITS = re.compile(r"[^0-9]")
# The longest number E.164 allows is 15 digits; a little more room for national prefixes and "+".
MAX_NUMBER_LENGTH = 32


class BadNumber(ValueError):
    """A phone number that cannot be read as a valid number."""


def default_region() -> str:
    """The region national numbers are read in (``PHONE_DEFAULT_REGION``)."""
    return str(getattr(settings, "PHONE_DEFAULT_REGION", None) or "RU")


def is_region(value: str) -> bool:
    """Whether ``value`` is a region code phonenumbers knows (``RU``, ``DE`` ...)."""
    return value in phonenumbers.SUPPORTED_REGIONS


def digits(value: str) -> str:
    """The digits of a number as written."""
    return _NOT_DIGITS.sub("", value or "")


@lru_cache(maxsize=65536)
def _parse(text: str, region: str) -> str | None:
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_phone(raw: str, region: str | None = None) -> str:
    """The number in E.164 (``+79161110000``), or ``BadNumber`` saying why not."""
    text = (raw or "").strip()
    if not text:
        raise BadNumber(_("the number is empty"))
    if len(text) > MAX_NUMBER_LENGTH:
        raise BadNumber(_("“%(raw)s” is too long for a phone number") % {"raw": text[:40]})
    e164 = _parse(text, region or default_region())
    if e164 is None:
        raise BadNumber(_("“%(raw)s” is not a valid number") % {"raw": text[:40]})
    return e164


def phone_key(raw: str, region: str | None = None) -> str:
    """How a number is compared and stored: E.164 when it is a valid number, else its digits ("" for none).

    A valid number in any written form gives the same key; an internal extension or a made-up test
    number keeps its digits, so it still matches itself.
    """
    text = (raw or "").strip()
    if not text:
        return ""
    if len(text) <= MAX_NUMBER_LENGTH:
        e164 = _parse(text, region or default_region())
        if e164 is not None:
            return e164
    return digits(text)[:MAX_NUMBER_LENGTH]
