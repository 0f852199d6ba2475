"""The CRM's page: the contact import upload (the contacts themselves are edited in the admin and the API)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role
from callcenter.wallboard import actions
from callcenter.wallboard.forms import ContactImportForm

MAX_IMPORT_BYTES = 5 * 1024 * 1024


@login_required
def import_contacts(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of contacts: all or nothing, every bad row shown with its line (as the agents' import)."""
    if not has_role(request.user, Role.ADMIN, Role.SUPERVISOR, Role.MANAGER):
        raise PermissionDenied
    errors: list[actions.ContactRowError] = []
    form = ContactImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            try:
                result = actions.import_contacts(request.user, upload.read())
            except actions.ContactImportError as exc:
                errors = exc.result.errors
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text."))
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                return redirect("wallboard:contacts-import")
    return render(
        request,
        "wallboard/contacts_import.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )
