"""Every report as a document of tables and charts, and that document as CSV, XLSX (openpyxl) or PDF (WeasyPrint)."""

from callcenter.stats.exports.build import build
from callcenter.stats.exports.distributions import distribution_charts, distribution_document
from callcenter.stats.exports.document import ChartSeries, ChartSpec, Document, Table
from callcenter.stats.exports.render import filename, render
from callcenter.stats.kinds import FORMATS, KINDS

__all__ = [
    "FORMATS",
    "KINDS",
    "ChartSeries",
    "ChartSpec",
    "Document",
    "Table",
    "build",
    "distribution_charts",
    "distribution_document",
    "filename",
    "render",
]
