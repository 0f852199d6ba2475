"""Reading a contact file: its table, a guess of the column mapping and a preview of every row (writes nothing).

``actions.contacts.import_contacts`` writes what the preview accepts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from phonenumbers import timezone as phone_timezone

from callcenter.core.phones import BadNumber, normalise_phone
from callcenter.core.validators import validate_time_zone
from callcenter.dialer.eligibility import dnc_numbers
from callcenter.dialer.models import Campaign, Lead

LEAD_FIELDS = ("phone", "name", "tz")


class LeadValues(TypedDict):
    """One good row, ready to become a lead."""

    phone: str
    name: str
    tz: str
    fields: dict[str, str]


@dataclass
class RowError:
    """A row left out of an import: its line in the file and why."""

    line: int
    reason: str
    value: str = ""


@dataclass
class ImportPreview:
    """What an import would do: the columns, the first good rows and every bad row."""

    columns: list[str]
    good: list[LeadValues] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def good_count(self) -> int:
        return len(self.good)


class ImportFileError(ValueError):
    """The file itself cannot be read (not CSV/XLSX, no header, no phone column)."""


def lead_time_zone(e164: str, explicit: str = "") -> str:
    """The callee's zone: the given one, else the number's own when it names exactly one ("" = campaign's)."""
    if explicit:
        return explicit
    zones = [zone for zone in phone_timezone.time_zones_for_number(phonenumbers.parse(e164)) if "/" in zone]
    # Mobile ranges span many zones; the campaign's fallback zone is then the honest answer.
    return zones[0] if len(zones) == 1 and zones[0] != "Etc/Unknown" else ""


def read_table(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and rows (with their line numbers) of a CSV or XLSX file."""
    if filename.lower().endswith(".xlsx"):
        # openpyxl is loaded only when a workbook arrives (it is slow to import).
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
        sheet = workbook.worksheets[0]
        rows = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        workbook.close()
        numbered = list(enumerate(rows, start=1))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The file is not UTF-8 text.")) from exc
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        numbered = [(reader.line_num, [cell.strip() for cell in row]) for row in reader]
    numbered = [(line, row) for line, row in numbered if any(row)]
    if not numbered:
        raise ImportFileError(_("The file has no rows."))
    header = numbered[0][1]
    return header, numbered[1:]


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """A first guess of which column holds the phone, name and time zone."""
    hints = {
        "phone": ("phone", "number", "tel", "телефон", "номер"),
        "name": ("name", "имя", "фио"),
        "tz": ("tz", "timezone", "time zone", "пояс"),
    }
    mapping: dict[str, str] = {}
    for target, words in hints.items():
        for column in columns:
            if any(word in column.lower() for word in words) and column not in mapping.values():
                mapping[target] = column
                break
    return mapping


def preview_import(
    campaign: Campaign, data: bytes, filename: str, mapping: Mapping[str, str], *, region: str | None = None
) -> ImportPreview:
    """Check every row against the mapping, duplicates and the do-not-call list; write nothing."""
    columns, rows = read_table(data, filename)
    if mapping.get("phone") not in columns:
        raise ImportFileError(_("Choose the column that holds the phone number."))
    index = {name: position for position, name in enumerate(columns)}
    extra_columns = [
        name for name in columns if name and name not in {mapping.get(key) for key in LEAD_FIELDS}
    ]
    preview = ImportPreview(columns=columns)
    candidates: list[tuple[int, LeadValues]] = []
    seen: dict[str, int] = {}
    for line, row in rows:

        def cell(column: str | None, row: list[str] = row) -> str:
            position = index.get(column or "")
            return row[position] if position is not None and position < len(row) else ""

        raw_phone = cell(mapping.get("phone"))
        try:
            e164 = normalise_phone(raw_phone, region)
        except BadNumber as exc:
            preview.errors.append(RowError(line, str(exc), raw_phone))
            continue
        if e164 in seen:
            preview.errors.append(
                RowError(line, _("duplicate of line %(line)s") % {"line": seen[e164]}, raw_phone)
            )
            continue
        seen[e164] = line
        tz_value = cell(mapping.get("tz"))
        if tz_value:
            try:
                validate_time_zone(tz_value)
            except ValidationError:
                preview.errors.append(
                    RowError(line, _("unknown time zone “%(tz)s”") % {"tz": tz_value[:40]}, raw_phone)
                )
                continue
        candidates.append(
            (
                line,
                {
                    "phone": e164,
                    "name": cell(mapping.get("name"))[:120],
                    "tz": lead_time_zone(e164, tz_value),
                    "fields": {name: cell(name) for name in extra_columns},
                },
            )
        )
    blocked = dnc_numbers(campaign, seen)
    existing = set(
        Lead.objects.filter(campaign=campaign, phone__in=list(seen)).values_list("phone", flat=True)
    )
    for line, values in candidates:
        if values["phone"] in blocked:
            preview.errors.append(RowError(line, _("on the do-not-call list"), values["phone"]))
        elif values["phone"] in existing:
            preview.errors.append(RowError(line, _("already in this campaign"), values["phone"]))
        else:
            preview.good.append(values)
    preview.errors.sort(key=lambda error: error.line)
    return preview
