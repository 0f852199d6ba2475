"""Pages of the agents app: the HR import upload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from callcenter.accounts.roles import has_role
from callcenter.agents import actions
from callcenter.agents.forms import AgentImportForm

MAX_IMPORT_BYTES = 5 * 1024 * 1024


@login_required
def import_agents(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, "admin", "payroll"):
        raise PermissionDenied
    errors: list[actions.ImportRowError] = []
    form = AgentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            try:
                result = actions.import_agents(request.user, upload.read())
            except actions.AgentImportError as exc:
                errors = exc.result.errors
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text."))
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                return redirect("agents:import")
    return render(
        request, "agents/import.html", {"form": form, "errors": errors}, status=400 if errors else 200
    )
