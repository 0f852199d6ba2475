"""The contact import: a CSV of CRM contacts, all or nothing, every bad row reported with its line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from callcenter.audit.actions import record, save_validated
from callcenter.core.imports import ImportRefused, ImportResult, ImportRowError, field_messages
from callcenter.wallboard import vip
from callcenter.wallboard.models import Contact, ContactTier, normalise_number

CONTACT_COLUMNS = ("phone", "name")
CONTACT_OPTIONAL_COLUMNS = ("company", "notes", "tier")


# The contact import's own names for the shared import shapes.
ContactRowError = ImportRowError
ContactImportResult = ImportResult


class ContactImportError(ImportRefused):
    """The contact file was refused as a whole; ``result.errors`` lists every bad row with its line."""


def _numbered_rows(
    reader: csv.DictReader[str], result: ImportResult
) -> Iterator[tuple[int, dict[str, str | None]]]:
    """The rows with the line each ends on; a line the csv module cannot read ends the file as an error."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            result.errors.append(ImportRowError(reader.line_num, f"unreadable CSV: {exc}"))
            return
        yield reader.line_num, row


def import_contacts(actor: Any, content: str | bytes) -> ImportResult:
    """Import CRM contacts from a CSV (phone,name[,company][,notes][,tier]), matched by the normalised
    number. ``tier`` is a tier's code, empty for an ordinary caller; without the column tiers stay as they are.

    As the agents' import: every row is validated before anything is kept; one bad row refuses the
    whole file (``ContactImportError`` lists every bad row with its line number). A known number is
    updated, a new one created. UTF-8 (with or without BOM), separated by commas, semicolons or tabs.
    """
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    result = ImportResult()
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [column for column in CONTACT_COLUMNS if column not in header]
    if missing:
        result.errors.append(ImportRowError(1, f"missing column(s): {', '.join(missing)}"))
        raise ContactImportError(result)
    columns = CONTACT_COLUMNS + tuple(name for name in CONTACT_OPTIONAL_COLUMNS if name in header)
    seen: dict[str, int] = {}
    tiers = {tier.code: tier for tier in ContactTier.objects.all()}
    vip_before: dict[str, str] = {}
    vip_after: dict[str, str] = {}
    with transaction.atomic():
        for line, row in _numbered_rows(reader, result):
            if None in row:
                result.errors.append(ImportRowError(line, "more fields than columns"))
                continue
            values = {column: (row.get(column) or "").strip() for column in columns}
            key = normalise_number(values["phone"])
            if not key:
                result.errors.append(
                    ImportRowError(line, f"phone: no phone number in {values['phone'][:40]!r}")
                )
                continue
            if key in seen:
                result.errors.append(ImportRowError(line, f"phone {key} repeats line {seen[key]}"))
                continue
            seen[key] = line
            contact = Contact.objects.filter(phone=key).first()
            is_new = contact is None
            contact = contact or Contact(phone=key)
            wanted: dict[str, Any] = {
                column: values[column] for column in columns if column not in ("phone", "tier")
            }
            if "tier" in columns:
                if values["tier"] and values["tier"] not in tiers:
                    result.errors.append(ImportRowError(line, f"tier: no tier {values['tier'][:40]!r}"))
                    continue
                wanted["tier"] = tiers.get(values["tier"])
            if not is_new and all(getattr(contact, name) == value for name, value in wanted.items()):
                result.unchanged += 1
                continue
            before = vip.entries_of(contact)
            for name, value in wanted.items():
                setattr(contact, name, value)
            try:
                with transaction.atomic():
                    save_validated(actor, contact)
            except ValidationError as exc:
                result.errors.append(ImportRowError(line, field_messages(exc)))
                continue
            vip_before.update(before)
            vip_after.update(vip.entries_of(contact))
            if is_new:
                result.created += 1
            else:
                result.updated += 1
        if result.errors:
            # Nothing is half-imported: the whole file is rolled back.
            transaction.set_rollback(True)
    if result.errors:
        raise ContactImportError(result)
    vip.push_on_commit(vip.changes_between(vip_before, vip_after))
    record(
        actor,
        "wallboard.import_contacts",
        object_type="wallboard.contact",
        object_repr="contact import",
        changes={"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return result
