"""Report pages for managers and supervisors: each reads the filter, runs its report, renders or downloads."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from callcenter.stats import charts, exports, extensions, reports
from callcenter.stats.views.common import render_page, report_form, report_reader


@report_reader
def summary(request: HttpRequest) -> HttpResponse:
    form, flt = report_form(request)
    queues = reports.queue_summary(flt)
    levels = sorted({int(t) for row in queues.values() for t in row["sl"]})
    agents = reports.agent_summary(flt)
    missed = {name: entry["missed"] for name, entry in agents.items() if entry["missed"]}
    return render_page(
        request, "stats/summary.html", "summary", form, queues=queues, levels=levels, missed=missed, flt=flt
    )


@report_reader
def calls(request: HttpRequest, which: str) -> HttpResponse:
    if which not in ("answered", "unanswered"):
        raise Http404
    form, flt = report_form(request)
    paginator = Paginator(reports.call_list(flt, answered=which == "answered"), 100)
    page = paginator.get_page(request.GET.get("page"))
    links = extensions.call_links(list(page.object_list), request.user)  # e.g. the recording's player
    rows = [(call, links.get(call.pk, "")) for call in page]
    return render_page(request, "stats/calls.html", which, form, page=page, rows=rows, which=which, flt=flt)


@report_reader
def distribution(request: HttpRequest) -> HttpResponse:
    form, flt = report_form(request)
    tables, svg = exports.distribution_document(flt)
    return render_page(request, "stats/distribution.html", "distribution", form, tables=tables, charts=svg)


@report_reader
def agents(request: HttpRequest) -> HttpResponse:
    form, flt = report_form(request)
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
    return render_page(request, "stats/agents.html", "agents", form, agents=data, chart=chart)


@report_reader
def staffing(request: HttpRequest) -> HttpResponse:
    form, flt = report_form(request)

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
    return render_page(request, "stats/staffing.html", "staffing", form, rows=rows, targets=targets)


@report_reader
def download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The report as a file, built right away (for long periods use the background run)."""
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise Http404
    _form, flt = report_form(request)
    content = exports.render(exports.build(kind, flt), fmt)
    response = HttpResponse(content, content_type=exports.FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(kind, flt, fmt)}"'
    return response
