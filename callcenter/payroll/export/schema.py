"""The published XSD of the payroll export, and the check every XML file passes before it is offered."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

NAMESPACE = "urn:callcenter:payroll:1c:v1"


VERSION = "1.0"


SCHEMA_NAME = "payroll-1c-v1.xsd"


SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / SCHEMA_NAME


XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


class InvalidExport(ValueError):
    """The built file does not pass the schema; it must never be offered."""


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def validate_xml(content: bytes) -> None:
    """Raise InvalidExport with the schema's messages unless ``content`` is a valid export."""
    try:
        document = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InvalidExport(f"not well-formed XML: {exc}") from exc
    checker = schema()
    if not checker.validate(document):
        messages = "; ".join(f"line {error.line}: {error.message}" for error in checker.error_log)
        raise InvalidExport(messages)
