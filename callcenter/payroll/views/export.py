"""The payroll export pages: preview, download (the XML validated against the XSD), and the XSD itself."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from callcenter.payroll.builder import PayrollError, PayrollReport, build_report
from callcenter.payroll.export import (
    CONTENT_TYPES,
    FORMATS,
    SCHEMA_NAME,
    SCHEMA_PATH,
    InvalidExport,
    changed_since_closing,
    closed_file,
    closed_period,
    filename,
)
from callcenter.payroll.export import (
    render as render_export,
)
from callcenter.payroll.forms import ExportForm
from callcenter.payroll.views.common import payroll_page


def _build(form: ExportForm) -> PayrollReport:
    data = form.cleaned_data
    schedule = data.get("schedule")
    return build_report(
        data["date_from"], data["date_to"], tz=data["tz"], schedule=schedule.name if schedule else None
    )


@payroll_page
@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    """The filter, the preview table, the warnings and the download links (only for a valid export)."""
    form = ExportForm(request.GET or None, initial=ExportForm.initial_values())
    context: dict[str, Any] = {"form": form, "formats": FORMATS}
    status = 200
    if form.is_bound and form.is_valid():
        try:
            report = _build(form)
            render_export(report, "xml")
        except PayrollError as exc:
            form.add_error(None, str(exc))
            status = 400
        except InvalidExport as exc:
            context["invalid"] = str(exc)
            status = 500
        else:
            context["report"] = report
            period = closed_period(report)
            if period is not None:
                context["closed_period"] = period
                context["changed_since_closing"] = changed_since_closing(report, period)
            query: dict[str, str] = {key: str(value) for key, value in request.GET.items() if key != "format"}
            context["downloads"] = [
                (fmt, reverse("payroll:download") + "?" + urlencode({**query, "format": fmt}))
                for fmt in FORMATS
            ]
            context["sessions_query"] = urlencode(
                {"date_from": form.cleaned_data["date_from"], "date_to": form.cleaned_data["date_to"]}
            )
    return render(request, "payroll/export.html", context, status=status)


@payroll_page
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    """The export file; an export that fails the schema is an error page, never a download."""
    form = ExportForm(request.GET)
    fmt = request.GET.get("format", "xml")
    if fmt not in FORMATS or not form.is_valid():
        return render(request, "payroll/export.html", {"form": form, "formats": FORMATS}, status=400)
    try:
        report = _build(form)
        # A closed period is offered exactly as it was closed.
        content = closed_file(report, fmt) or render_export(report, fmt)
    except PayrollError as exc:
        form.add_error(None, str(exc))
        return render(request, "payroll/export.html", {"form": form, "formats": FORMATS}, status=400)
    except InvalidExport as exc:
        return render(
            request,
            "payroll/export.html",
            {"form": form, "formats": FORMATS, "invalid": str(exc)},
            status=500,
        )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(report, fmt)}"'
    return response


@require_GET
def schema_file(request: HttpRequest, name: str) -> FileResponse:
    """The published XSD (public: 1C developers need it without an account)."""
    if name != SCHEMA_NAME:
        raise Http404
    return FileResponse(SCHEMA_PATH.open("rb"), content_type="application/xml; charset=utf-8")
