"""The CRM's page: the contact import upload (the contacts themselves are edited in the admin and the API)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from callcenter.accounts.models import Role
from callcenter.core.csv_upload import CsvImportPage, csv_import_view
from callcenter.wallboard import actions
from callcenter.wallboard.forms import ContactImportForm

import_contacts = csv_import_view(
    CsvImportPage(
        roles=(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER),
        form_class=ContactImportForm,
        run_import=actions.import_contacts,
        import_error=actions.ContactImportError,
        title=_("Import contacts"),
        intro=_(
            "A CSV file (UTF-8) with the columns phone,name and, if wanted, company,notes,tier (a tier code such "
            "as vip; empty for an ordinary caller). Contacts are matched by their number in any written form: a "
            "known one is updated, a new one is created. One bad row refuses the whole file."
        ),
        url_name="wallboard:contacts-import",
    )
)
