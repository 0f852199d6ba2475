"""What every report page shares: who may read it, its filter form, and how it renders."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from callcenter.accounts.roles import REPORT_READERS, has_role
from callcenter.stats import exports, reports
from callcenter.stats.forms import ReportFilterForm

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
