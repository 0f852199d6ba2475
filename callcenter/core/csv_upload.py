"""The one CSV upload page: a form with the file, the app's all-or-nothing import action, every bad row
shown with its line, or the counts as a message. Each app's view names its importer (as
``callcenter.core.import_command.CsvImportCommand`` does for the commands)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from callcenter.core.imports import ImportCounts, ImportRefused, ImportRowError
from callcenter.core.roles import has_role

MAX_IMPORT_BYTES = 5 * 1024 * 1024
TEMPLATE = "core/csv_import.html"


@dataclass(frozen=True)
class CsvImportPage:
    """What one upload page imports and how it reads: who may, the form, the action and its refusal."""

    roles: tuple[str, ...]
    form_class: type[forms.Form]
    run_import: Callable[[Any, bytes], ImportCounts]
    import_error: type[ImportRefused]
    title: str | Promise
    intro: str | Promise
    url_name: str  # where a successful import redirects to (the page itself)


def csv_import_view(page: CsvImportPage) -> Callable[[HttpRequest], HttpResponse]:
    """The view of ``page``: GET shows the form; POST imports the file, all or nothing."""

    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        if not has_role(request.user, *page.roles):
            raise PermissionDenied
        errors: list[ImportRowError] = []
        form = page.form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_IMPORT_BYTES:
                form.add_error("file", _("The file is larger than 5 MB."))
            else:
                try:
                    result = page.run_import(request.user, upload.read())
                except UnicodeDecodeError:
                    form.add_error("file", _("The file is not UTF-8 text."))
                except page.import_error as exc:
                    errors = exc.result.errors
                else:
                    messages.success(
                        request,
                        _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                        % {
                            "created": result.created,
                            "updated": result.updated,
                            "unchanged": result.unchanged,
                        },
                    )
                    return redirect(page.url_name)
        context = {"form": form, "errors": errors, "title": page.title, "intro": page.intro}
        return render(request, TEMPLATE, context, status=400 if errors else 200)

    return view
