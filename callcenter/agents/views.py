"""Pages of the agents app: the HR import upload."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from callcenter.accounts.models import Role
from callcenter.agents import actions
from callcenter.agents.forms import AgentImportForm
from callcenter.core.csv_upload import CsvImportPage, csv_import_view

import_agents = csv_import_view(
    CsvImportPage(
        roles=(Role.ADMIN, Role.PAYROLL),
        form_class=AgentImportForm,
        run_import=actions.import_agents,
        import_error=actions.AgentImportError,
        title=_("Import agents"),
        intro=_(
            "A CSV file with the columns payroll_number,name,extension,member_name,team. Agents are matched by "
            "payroll number: a known one is updated, a new one is created. One bad row refuses the whole file."
        ),
        url_name="agents:import",
    )
)
