"""Render a payroll report as XML (validated against the published XSD) or JSON.

Nothing is offered for download unless it passed the schema: ``render`` raises InvalidExport instead.
"""

from callcenter.payroll.export.files import (
    CONTENT_TYPES,
    FORMATS,
    changed_since_closing,
    closed_file,
    closed_period,
    filename,
    render,
)
from callcenter.payroll.export.json_doc import to_dict
from callcenter.payroll.export.schema import NAMESPACE, SCHEMA_NAME, SCHEMA_PATH, InvalidExport, validate_xml
from callcenter.payroll.export.values import hours
from callcenter.payroll.export.xml_doc import to_xml

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "NAMESPACE",
    "SCHEMA_NAME",
    "SCHEMA_PATH",
    "InvalidExport",
    "changed_since_closing",
    "closed_file",
    "closed_period",
    "filename",
    "hours",
    "render",
    "to_dict",
    "to_xml",
    "validate_xml",
]
