"""Uploading a contact list: the file, then the column mapping with a preview of every row, then the import."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from callcenter.dialer import actions
from callcenter.dialer.forms import MappingForm, UploadForm
from callcenter.dialer.importing import ImportFileError, guess_mapping, preview_import, read_table
from callcenter.dialer.views.campaigns import manager_campaign, manager_page

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SESSION_UPLOAD_KEY = "dialer_upload"


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "dialer-uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


@manager_page
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: upload the file. Step 2: map the columns, see the preview and every bad row, then import."""
    campaign = manager_campaign(request, pk)
    stored: dict[str, Any] = request.session.get(SESSION_UPLOAD_KEY) or {}
    upload_form = UploadForm()
    context: dict[str, object] = {"campaign": campaign}
    if request.method == "POST" and "file" in request.FILES:
        upload_form = UploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            file = upload_form.cleaned_data["file"]
            suffix = ".xlsx" if file.name.lower().endswith(".xlsx") else ".csv"
            if file.size > MAX_UPLOAD_BYTES:
                upload_form.add_error("file", _("The file is larger than 20 MB."))
            else:
                token = secrets.token_hex(16)
                (_upload_dir() / f"{token}{suffix}").write_bytes(file.read())
                stored = {
                    "token": token,
                    "suffix": suffix,
                    "name": file.name,
                    "list_name": upload_form.cleaned_data["list_name"],
                    "campaign": campaign.pk,
                }
                request.session[SESSION_UPLOAD_KEY] = stored
    in_progress = stored.get("campaign") == campaign.pk
    if in_progress and (request.method == "POST" or request.GET.get("step") == "map"):
        path = _upload_dir() / f"{stored['token']}{stored['suffix']}"
        data = path.read_bytes() if path.exists() else b""
        filename = f"upload{stored['suffix']}"
        try:
            columns, _rows = read_table(data, filename)
        except ImportFileError as exc:
            messages.error(request, str(exc))
            request.session.pop(SESSION_UPLOAD_KEY, None)
            return redirect("dialer:upload", pk=campaign.pk)
        if "file" in request.FILES or request.method == "GET":
            mapping_form = MappingForm(initial=guess_mapping(columns), columns=columns)
            mapping = guess_mapping(columns)
        else:
            mapping_form = MappingForm(request.POST, columns=columns)
            mapping = mapping_form.mapping() if mapping_form.is_valid() else guess_mapping(columns)
        if mapping.get("phone") in columns:
            if request.POST.get("do") == "import" and mapping_form.is_valid():
                contact_list, preview = actions.import_contacts(
                    request.user,
                    campaign,
                    data,
                    filename,
                    mapping,
                    list_name=stored.get("list_name") or stored["name"],
                )
                path.unlink(missing_ok=True)
                request.session.pop(SESSION_UPLOAD_KEY, None)
                messages.success(
                    request,
                    _("Imported %(good)s contacts into “%(list)s”; %(bad)s rows were left out.")
                    % {"good": preview.good_count, "list": contact_list.name, "bad": len(preview.errors)},
                )
                context.update({"preview": preview, "imported": True})
                return render(request, "dialer/upload.html", context)
            context["preview"] = preview_import(campaign, data, filename, mapping)
        context.update({"mapping_form": mapping_form, "columns": columns, "file_name": stored["name"]})
    context["upload_form"] = upload_form
    return render(request, "dialer/upload.html", context)
