"""Reports built in the background: started from a page, followed, downloaded."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from callcenter.stats import actions, exports
from callcenter.stats.forms import ReportFilterForm
from callcenter.stats.models import ReportRun
from callcenter.stats.views.common import report_reader


@report_reader
@require_POST
def start_run(request: HttpRequest) -> HttpResponse:
    if not any(key in request.POST for key in ("date_from", "date_to")):  # a run names its period
        missing = [str(forms.Field.default_error_messages["required"])]
        return JsonResponse({"errors": {"date_from": missing, "date_to": missing}}, status=400)
    form = ReportFilterForm(request.user, request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    try:
        run = actions.start_report(
            request.user, request.POST.get("kind", ""), request.POST.get("fmt", ""), form.report_filter()
        )
    except ValueError as exc:
        return JsonResponse({"errors": {"kind": [str(exc)]}}, status=400)
    return JsonResponse({"id": run.pk, "status_url": reverse("stats:run_status", args=[run.pk])}, status=202)


def _visible_run(request: HttpRequest, pk: int) -> ReportRun:
    return get_object_or_404(ReportRun.objects.visible_to(request.user), pk=pk)


@report_reader
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    return JsonResponse(
        {
            "id": run.pk,
            "status": run.status,
            "progress": run.progress,
            "error": run.error,
            "file_url": reverse("stats:run_file", args=[run.pk]) if run.file else None,
        }
    )


@report_reader
def run_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    run = _visible_run(request, pk)
    if not run.file:
        raise Http404
    name = (run.file.name or "report").rsplit("/", 1)[-1]
    return FileResponse(run.file.open("rb"), as_attachment=True, filename=name)


@report_reader
def runs(request: HttpRequest) -> HttpResponse:
    page = Paginator(ReportRun.objects.visible_to(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "stats/runs.html", {"page": page, "tab": "runs", "kinds": exports.KINDS})
