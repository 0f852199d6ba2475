"""Report pages for managers and supervisors: each reads the filter, runs its report, renders or downloads."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from callcenter.accounts.roles import REPORT_READERS, has_role
from callcenter.agents.models import Agent, Team
from callcenter.stats import actions, charts, exports, extensions, reports
from callcenter.stats.forms import ReportFilterForm
from callcenter.stats.models import Callback, ReportRun

View = Callable[..., HttpResponseBase]


def report_reader(view: View) -> View:
    """Signed in, with a role that reads reports (admin, supervisor, manager)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not has_role(request.user, *REPORT_READERS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _filter(request: HttpRequest) -> tuple[ReportFilterForm, reports.ReportFilter]:
    form = ReportFilterForm(request.user, request.GET)
    return form, form.report_filter()


def _page(
    request: HttpRequest, template: str, tab: str, form: ReportFilterForm, **context: Any
) -> HttpResponse:
    query = request.GET.urlencode()
    return render(
        request,
        template,
        {"form": form, "tab": tab, "query": query, "formats": list(exports.FORMATS), **context},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@report_reader
def summary(request: HttpRequest) -> HttpResponse:
    form, flt = _filter(request)
    queues = reports.queue_summary(flt)
    levels = sorted({int(t) for row in queues.values() for t in row["sl"]})
    agents = reports.agent_summary(flt)
    missed = {name: entry["missed"] for name, entry in agents.items() if entry["missed"]}
    return _page(
        request, "stats/summary.html", "summary", form, queues=queues, levels=levels, missed=missed, flt=flt
    )


@report_reader
def calls(request: HttpRequest, which: str) -> HttpResponse:
    if which not in ("answered", "unanswered"):
        raise Http404
    form, flt = _filter(request)
    paginator = Paginator(reports.call_list(flt, answered=which == "answered"), 100)
    page = paginator.get_page(request.GET.get("page"))
    links = extensions.call_links(list(page.object_list), request.user)  # e.g. the recording's player
    rows = [(call, links.get(call.pk, "")) for call in page]
    return _page(request, "stats/calls.html", which, form, page=page, rows=rows, which=which, flt=flt)


@report_reader
def distribution(request: HttpRequest) -> HttpResponse:
    form, flt = _filter(request)
    tables, svg = exports.distribution_document(flt)
    return _page(request, "stats/distribution.html", "distribution", form, tables=tables, charts=svg)


@report_reader
def agents(request: HttpRequest) -> HttpResponse:
    form, flt = _filter(request)
    data = reports.agent_summary(flt)
    names = list(data)
    chart = charts.bar_chart(
        _("Talk and pause per agent (minutes)"),
        names,
        [
            (_("Talk"), [round(e["talk_s"] / 60, 1) for e in data.values()]),
            (_("Paused"), [round(e["pause_s"] / 60, 1) for e in data.values()]),
        ],
    )
    return _page(request, "stats/agents.html", "agents", form, agents=data, chart=chart)


@report_reader
def callbacks(request: HttpRequest) -> HttpResponse:
    form, flt = _filter(request)
    closed = reports.callbacks_closed(flt)
    return _page(
        request,
        "stats/callbacks.html",
        "callbacks",
        form,
        entries=reports.callback_list(flt),
        closed=closed,
        summary=reports.callback_summary(closed),
        agents=Agent.objects.visible_to(request.user).active().order_by("display_name"),
        teams=Team.objects.visible_to(request.user).order_by("name"),
        outcomes=[(value, Callback.Outcome(value).label) for value in actions.MANUAL_OUTCOMES],
        flt=flt,
    )


def _back_to_callbacks(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("stats:callbacks") + "?" + request.POST.get("query", ""))


def _visible_callback(request: HttpRequest, pk: int) -> Callback:
    return get_object_or_404(Callback.objects.visible_to(request.user), pk=pk)


@report_reader
@require_POST
def assign_callback(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _visible_callback(request, pk)
    target = request.POST.get("assignee", "")
    agent = team = None
    if target.startswith("agent:") and target[6:].isdigit():
        agent = Agent.objects.visible_to(request.user).filter(pk=int(target[6:])).first()
    elif target.startswith("team:") and target[5:].isdigit():
        team = Team.objects.visible_to(request.user).filter(pk=int(target[5:])).first()
    if target and agent is None and team is None:
        messages.error(request, _("Choose an agent or a team."))
        return _back_to_callbacks(request)
    try:
        actions.assign_callback(request.user, entry, agent=agent, team=team)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Assigned.") if (agent or team) else _("Unassigned."))
    return _back_to_callbacks(request)


@report_reader
@require_POST
def close_callback(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _visible_callback(request, pk)
    try:
        actions.close_callback(
            request.user, entry, request.POST.get("outcome", ""), note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Closed."))
    return _back_to_callbacks(request)


@report_reader
def staffing(request: HttpRequest) -> HttpResponse:
    form, flt = _filter(request)

    def number(name: str, default: float, low: float, high: float) -> float:
        try:
            value = float(request.GET.get(name, default))
        except ValueError:
            return default
        return min(max(value, low), high)

    targets: dict[str, float] = {
        "target_sl_pct": number("target_sl", 80, 1, 99.9),
        "target_s": int(number("target_s", 20, 1, 3600)),
        "shrinkage_pct": number("shrinkage", 30, 0, 90),
    }
    rows = reports.staffing(
        flt,
        target_sl_pct=targets["target_sl_pct"],
        target_s=int(targets["target_s"]),
        shrinkage_pct=targets["shrinkage_pct"],
    )
    return _page(request, "stats/staffing.html", "staffing", form, rows=rows, targets=targets)


@report_reader
def download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The report as a file, built right away (for long periods use the background run)."""
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise Http404
    _form, flt = _filter(request)
    content = exports.render(exports.build(kind, flt), fmt)
    response = HttpResponse(content, content_type=exports.FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(kind, flt, fmt)}"'
    return response


@report_reader
@require_POST
def start_run(request: HttpRequest) -> HttpResponse:
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
