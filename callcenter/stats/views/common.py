"""What every report page shares: who may read it, its filter form, and how it renders."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from callcenter.accounts.roles import REPORT_READERS
from callcenter.core.page_roles import role_required
from callcenter.stats import exports, reports
from callcenter.stats.forms import ReportFilterForm

report_reader = role_required(*REPORT_READERS)
"""Signed in, with a role that reads reports (admin, supervisor, manager)."""


def report_form(request: HttpRequest) -> tuple[ReportFilterForm, reports.ReportFilter]:
    form = ReportFilterForm(request.user, request.GET)
    return form, form.report_filter()


def render_page(
    request: HttpRequest, template: str, tab: str, form: ReportFilterForm, **context: Any
) -> HttpResponse:
    query = request.GET.urlencode()
    return render(
        request,
        template,
        {"form": form, "tab": tab, "query": query, "formats": list(exports.FORMATS), **context},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
