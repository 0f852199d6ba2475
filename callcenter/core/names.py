"""Names people write and Asterisk never reads as they are: a person's or a company's name is validated
as written, and made safe only when it is sent as a caller-ID name (``caller_id_name``)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Bidirectional-text controls: they make a name display other than it reads (U+202A-E, U+2066-9).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def validate_person_name(value: Any) -> None:
    """A person's or a company's name as people write it: "Smith, John", «Ромашка», O'Brien, Jean-Luc.

    Any letters, digits, spaces and punctuation; refused are control characters (newline, tab, NUL),
    the bidirectional-text controls, and a name with no letter or digit at all. Such a name is shown to
    people and never written into Asterisk as it is: where it reaches the dialplan (a caller-ID name)
    it goes through ``caller_id_name`` first.
    """
    text = "" if value is None else str(value)
    for char in text:
        if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
            raise ValidationError(
                _("“%(value)s” contains a control character (U+%(code)04X)."),
                code="name_control_character",
                params={"value": text[:40].encode("unicode_escape").decode("ascii"), "code": ord(char)},
            )
    if not any(char.isalnum() for char in text):
        raise ValidationError(
            _("“%(value)s” has no letter or digit: give a name."),
            code="name_without_letters",
            params={"value": text[:40]},
        )


# What caller_id_name takes out: everything that could break out of a dialplan argument, a channel
# variable list or a quoted SIP display name.
_CALLER_ID_UNSAFE = frozenset('\\"$,;()[]{}&|<>`')
CALLER_ID_NAME_MAX = 40


def caller_id_name(value: str, max_length: int = CALLER_ID_NAME_MAX) -> str:
    """A name made safe to send as a caller-ID name (render time: the stored name is left as written).

    Control and format characters and the characters that are special to the dialplan or a SIP display
    name become spaces; runs of spaces collapse; the result is cut to ``max_length`` characters. Letters
    of any script stay: «Ромашка» is sent as «Ромашка», "Smith, John" as "Smith John".
    """
    cleaned = "".join(
        " " if char in _CALLER_ID_UNSAFE or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") else char
        for char in value or ""
    )
    return " ".join(cleaned.split())[:max_length].strip()
