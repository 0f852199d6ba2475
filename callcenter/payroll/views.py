"""Pages of the payroll app: export preview and download, the XSD, session corrections, closed periods.

Views stay thin: figures come from builder.build_report, files from export.render (which validates the
XML against the XSD), and every write goes through actions.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from callcenter.accounts.roles import PAYROLL_READERS, has_role
from callcenter.agents.models import Agent
from callcenter.payroll import actions
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
from callcenter.payroll.forms import ClosePeriodForm, CorrectionForm, ExportForm, ReopenForm
from callcenter.payroll.intervals import local_midnight
from callcenter.payroll.models import ClosedPeriod, SessionCorrection
from callcenter.stats.models import AgentSession, QueueLogLine


def _require_payroll(request: HttpRequest) -> None:
    if not has_role(request.user, *PAYROLL_READERS):
        raise PermissionDenied


def _build(form: ExportForm) -> PayrollReport:
    data = form.cleaned_data
    schedule = data.get("schedule")
    return build_report(
        data["date_from"], data["date_to"], tz=data["tz"], schedule=schedule.name if schedule else None
    )


@login_required
@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    """The filter, the preview table, the warnings and the download links (only for a valid export)."""
    _require_payroll(request)
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


@login_required
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    """The export file; an export that fails the schema is an error page, never a download."""
    _require_payroll(request)
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


def _period_bounds(request: HttpRequest) -> tuple[dt.date, dt.date]:
    initial = ExportForm.initial_values()
    try:
        date_from = (
            dt.date.fromisoformat(request.GET.get("date_from", "")) if request.GET.get("date_from") else None
        )
        date_to = (
            dt.date.fromisoformat(request.GET.get("date_to", "")) if request.GET.get("date_to") else None
        )
    except ValueError:
        date_from = date_to = None
    return date_from or initial["date_from"], date_to or initial["date_to"]


@login_required
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    """An agent's logged-in sessions in a period as the PBX recorded them, with their corrections."""
    _require_payroll(request)
    date_from, date_to = _period_bounds(request)
    agents = Agent.objects.visible_to(request.user).order_by("payroll_number")
    agent_id = request.GET.get("agent", "")
    agent = agents.filter(pk=int(agent_id)).first() if agent_id.isdigit() else None
    rows: list[dict[str, Any]] = []
    if agent is not None:
        zone = ZoneInfo(settings.TIME_ZONE)
        start = local_midnight(date_from, zone)
        end = local_midnight(date_to + dt.timedelta(days=1), zone)
        interfaces = {agent.effective_interface, agent.interface, agent.member_name} - {""}
        found = AgentSession.objects.filter(interface__in=interfaces, started_at__lt=end).exclude(
            ended_at__lte=start
        )
        corrections = SessionCorrection.objects.visible_to(request.user).filter(agent=agent)
        removes = set(
            QueueLogLine.objects.filter(
                verb="REMOVEMEMBER", agent__in=interfaces, time__gt=start
            ).values_list("server", "queue", "agent", "time")
        )
        for session in found.order_by("started_at"):
            logged_out = (session.server, session.queue, session.interface, session.ended_at) in removes
            history = [
                correction
                for correction in corrections
                if (correction.server, correction.queue, correction.interface, correction.original_started_at)
                == (session.server, session.queue, session.interface, session.started_at)
            ]
            initial = {"started_at": session.started_at.astimezone(zone)}
            if logged_out and session.ended_at is not None:
                initial["ended_at"] = session.ended_at.astimezone(zone)
            rows.append(
                {
                    "session": session,
                    "logged_out": logged_out,
                    "corrections": history,
                    "form": CorrectionForm(prefix=f"s{session.pk}", initial=initial),
                }
            )
    return render(
        request,
        "payroll/sessions.html",
        {"agents": agents, "agent": agent, "rows": rows, "date_from": date_from, "date_to": date_to},
    )


@login_required
@require_POST
def correct(request: HttpRequest, session_id: int) -> HttpResponse:
    """Correct one session's times (e.g. a forgotten log-out), with a reason."""
    _require_payroll(request)
    session = get_object_or_404(AgentSession, pk=session_id)
    form = CorrectionForm(request.POST, prefix=f"s{session.pk}")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("payroll:sessions")
    if not form.is_valid():
        messages.error(
            request, _("The correction was not saved: %(errors)s") % {"errors": form.errors.as_text()}
        )
        return redirect(back)
    try:
        actions.correct_session(
            request.user,
            session,
            started_at=form.cleaned_data["started_at"],
            ended_at=form.cleaned_data["ended_at"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The session was corrected."))
    return redirect(back)


@login_required
def periods(request: HttpRequest) -> HttpResponse:
    """Closed periods, closing a new one and re-opening one."""
    _require_payroll(request)
    form = ClosePeriodForm(request.POST or None, initial=ClosePeriodForm.initial_values())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.close_period(
                request.user,
                data["date_from"],
                data["date_to"],
                tz=data["tz"],
                schedule=data["schedule"].name if data.get("schedule") else None,
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("The period is closed."))
            return redirect("payroll:periods")
    return render(
        request,
        "payroll/periods.html",
        {
            "form": form,
            "periods": ClosedPeriod.objects.visible_to(request.user).select_related(
                "closed_by", "reopened_by"
            ),
            "reopen_form": ReopenForm(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def reopen(request: HttpRequest, period_id: int) -> HttpResponse:
    """Re-open a closed period: explicit, with a reason, audited."""
    _require_payroll(request)
    period = get_object_or_404(ClosedPeriod.objects.visible_to(request.user), pk=period_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for re-opening."))
        return redirect("payroll:periods")
    try:
        actions.reopen_period(request.user, period, form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The period is re-opened."))
    return redirect("payroll:periods")
