"""`manage.py import_agents FILE.csv`: load HR's agent list, idempotent by payroll number."""

from __future__ import annotations

from callcenter.agents import actions
from callcenter.core.import_command import CsvImportCommand


class Command(CsvImportCommand):
    help = "Import agents from a CSV with the columns payroll_number,name,extension,member_name,team."
    run_import = actions.import_agents
    import_error = actions.AgentImportError
