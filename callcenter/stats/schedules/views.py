"""The schedules page: a user with report access lists, creates, edits and deletes their own schedules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from callcenter.stats import exports
from callcenter.stats.schedules import actions, timing
from callcenter.stats.schedules.forms import ReportScheduleForm
from callcenter.stats.schedules.models import Delivery, ReportSchedule, ScheduleRun
from callcenter.stats.views.common import report_reader


@report_reader
def schedule_list(request: HttpRequest) -> HttpResponse:
    schedules = list(ReportSchedule.objects.owned_by(request.user))
    ids = [schedule.pk for schedule in schedules]
    last_delivery: dict[int, Delivery] = {}
    for delivery in Delivery.objects.filter(run__schedule_id__in=ids).select_related("run").order_by("-id"):
        if delivery.run is not None:
            last_delivery.setdefault(delivery.run.schedule_id, delivery)
    last_run: dict[int, ScheduleRun] = {}
    for run in ScheduleRun.objects.filter(schedule_id__in=ids).order_by("-due_at"):
        last_run.setdefault(run.schedule_id, run)
    now = timezone.now()
    rows = [
        {
            "schedule": schedule,
            "kind": _(exports.KINDS.get(schedule.kind, schedule.kind)),
            "next_due": timing.next_due(schedule, now) if schedule.enabled else None,
            "run": last_run.get(schedule.pk),
            "delivery": last_delivery.get(schedule.pk),
        }
        for schedule in schedules
    ]
    return render(request, "stats/schedules.html", {"tab": "schedules", "rows": rows})


def _edit(request: HttpRequest, schedule: ReportSchedule | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ReportScheduleForm(request.user, schedule, data)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                actions.save_schedule(request.user, form.apply())
            except ValidationError as exc:
                form.add_model_errors(exc)
            else:
                messages.success(request, _("Schedule saved."))
                return redirect("stats:schedules")
        status = 400
    context = {"tab": "schedules", "schedule_form": form, "schedule": schedule}
    return render(request, "stats/schedule_form.html", context, status=status)


@report_reader
def schedule_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@report_reader
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(ReportSchedule.objects.owned_by(request.user), pk=pk))


@report_reader
@require_POST
def schedule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_object_or_404(ReportSchedule.objects.owned_by(request.user), pk=pk)
    actions.delete_schedule(request.user, schedule)
    messages.success(request, _("Schedule deleted."))
    return redirect("stats:schedules")
