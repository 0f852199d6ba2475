"""Evaluation pages: opened on a recording, answered and closed by its supervisor, read by its agent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from callcenter.accounts.roles import has_role
from callcenter.quality import actions
from callcenter.quality.models import Evaluation, EvaluationForm
from callcenter.quality.views.answer_rows import sections_of
from callcenter.quality.views.common import PAGE_SIZE, evaluator, visible_recording


@evaluator
@require_POST
def start_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    found = visible_recording(request, pk)
    form_id = request.POST.get("form", "")
    form = EvaluationForm.objects.filter(pk=int(form_id)).first() if form_id.isdigit() else None
    if form is None:
        messages.error(request, _("Choose a form."))
        return redirect("quality:recording", pk=found.pk)
    try:
        evaluation = actions.start_evaluation(request.user, found, form)
    except actions.QualityError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from None
        messages.error(request, exc.message)
        return redirect("quality:recording", pk=found.pk)
    return redirect(reverse("quality:recording", args=[found.pk]) + f"?evaluation={evaluation.pk}")


@evaluator
@require_POST
def save_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(Evaluation.objects.visible_to(request.user), pk=pk)
    back = (
        reverse("quality:recording", args=[evaluation.recording_id]) + f"?evaluation={evaluation.pk}"
        if evaluation.recording_id
        else reverse("quality:evaluation", args=[evaluation.pk])
    )
    what = request.POST.get("action", "save")
    try:
        if what == "discard":
            actions.discard_evaluation(request.user, evaluation)
            messages.success(request, _("The evaluation was deleted."))
            if evaluation.recording_id:
                return redirect("quality:recording", pk=evaluation.recording_id)
            return redirect("quality:evaluations")
        answers = actions.parse_answers((key, str(value)) for key, value in request.POST.items())
        saved = actions.save_evaluation(
            request.user, evaluation, answers, comment=request.POST.get("comment", ""), close=what == "close"
        )
    except actions.QualityError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from None
        messages.error(request, exc.message)
        return redirect(back)
    if saved.is_open:
        messages.success(request, _("Saved."))
    else:
        messages.success(
            request, _("The evaluation is closed with a score of %(score)s.") % {"score": saved.score}
        )
    return redirect(back)


@login_required
@require_GET
def evaluations(request: HttpRequest) -> HttpResponse:
    """Supervisors: the evaluations of their teams' agents. Agents: their own closed evaluations."""
    found = (
        Evaluation.objects.visible_to(request.user)
        .select_related("form", "evaluator", "agent_ref")
        .order_by("-call_started_at", "-id")
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "quality/evaluations.html",
        {"page": page, "mine": has_role(request.user, "agent"), "tab": "evaluations"},
    )


@login_required
@require_GET
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Evaluation.objects.visible_to(request.user).select_related("form", "evaluator"), pk=pk
    )
    return render(
        request,
        "quality/evaluation.html",
        {"evaluation": found, "sections": sections_of(found), "tab": "evaluations"},
    )
