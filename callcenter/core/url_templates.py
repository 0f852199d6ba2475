"""URL templates of an external CRM: an http(s) address with the caller's number, its digits or the queue."""

from __future__ import annotations

import string
import unicodedata
from typing import Any
from urllib.parse import quote, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The placeholders a CRM URL template may use: the caller's number in E.164, its digits, the queue.
URL_TEMPLATE_PLACEHOLDERS = ("number", "digits", "queue")
URL_TEMPLATE_MAX = 500
_SAMPLE_VALUES = {"number": "+79161110000", "digits": "79161110000", "queue": "support"}


def _template_fields(template: str) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValidationError(
            _("Unbalanced braces: write a placeholder as {number}, a literal brace as {{ or }}."),
            code="url_template_braces",
        ) from exc
    names: list[str] = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in URL_TEMPLATE_PLACEHOLDERS or spec or conversion:
            raise ValidationError(
                _("Unknown placeholder {%(name)s}: use %(known)s."),
                code="url_template_placeholder",
                params={
                    "name": (name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))[
                        :40
                    ],
                    "known": ", ".join("{" + known + "}" for known in URL_TEMPLATE_PLACEHOLDERS),
                },
            )
        names.append(name)
    return names


def validate_url_template(value: Any) -> None:
    """An http(s) URL with only the known placeholders, such as ``https://crm.example/find?phone={number}``."""
    text = "" if value is None else str(value)
    if len(text) > URL_TEMPLATE_MAX:
        raise ValidationError(
            _("The URL is longer than %(max)s characters."),
            code="url_template_too_long",
            params={"max": URL_TEMPLATE_MAX},
        )
    if any(char.isspace() or unicodedata.category(char) == "Cc" for char in text):
        raise ValidationError(_("A URL has no spaces or control characters."), code="url_template_space")
    _template_fields(text)
    sample = urlsplit(render_url_template(text, **_SAMPLE_VALUES))
    if sample.scheme not in ("http", "https") or not sample.hostname:
        raise ValidationError(
            _("Give an http:// or https:// address with a host name."), code="url_template_scheme"
        )


def render_url_template(template: str, **values: str) -> str:
    """The template with each placeholder replaced by its value, percent-encoded (``+`` is ``%2B``)."""
    _template_fields(template)
    encoded = {name: quote(values.get(name, ""), safe="") for name in URL_TEMPLATE_PLACEHOLDERS}
    return template.format(**encoded)
