"""Closed payroll periods: closing one with its file, and reopening it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from callcenter.payroll import actions
from callcenter.payroll.forms import ClosePeriodForm, ReopenForm
from callcenter.payroll.models import ClosedPeriod
from callcenter.payroll.views.common import payroll_page


@payroll_page
def periods(request: HttpRequest) -> HttpResponse:
    """Closed periods, closing a new one and re-opening one."""
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


@payroll_page
@require_POST
def reopen(request: HttpRequest, period_id: int) -> HttpResponse:
    """Re-open a closed period: explicit, with a reason, audited."""
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
