"""`manage.py import_contacts FILE.csv`: load CRM contacts, idempotent by the normalised phone number."""

from __future__ import annotations

from callcenter.core.import_command import CsvImportCommand
from callcenter.wallboard import actions


class Command(CsvImportCommand):
    help = "Import CRM contacts from a CSV with the columns phone,name and, if wanted, company,notes."
    run_import = actions.import_contacts
    import_error = actions.ContactImportError
