"""Recording pages: the search, a recording with its evaluations, and its audio."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from callcenter.quality import actions, playback
from callcenter.quality.forms import RecordingSearchForm
from callcenter.quality.models import Evaluation, EvaluationForm, Recording
from callcenter.quality.views.answer_rows import sections_of
from callcenter.quality.views.common import PAGE_SIZE, visible_recording


@login_required
@require_GET
def recordings(request: HttpRequest) -> HttpResponse:
    form = RecordingSearchForm(request.GET or None)
    found = Recording.objects.visible_to(request.user).with_call()
    status = 200
    if form.is_bound:
        if form.is_valid():
            found = form.apply(found)
        else:
            found, status = found.none(), 400
    page = Paginator(found.order_by("-started_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "quality/recordings.html",
        {"form": form, "page": page, "query": query.urlencode(), "tab": "recordings"},
        status=status,
    )


@login_required
@require_GET
def recording(request: HttpRequest, pk: int) -> HttpResponse:
    """The player, the call's facts, its evaluations; an evaluator scores the call beside the player."""
    found = visible_recording(request, pk)
    evaluations = list(
        Evaluation.objects.visible_to(request.user)
        .filter(recording=found)
        .select_related("form", "evaluator")
        .order_by("created_at")
    )
    can_evaluate = actions.can_evaluate(request.user, found)
    current = None
    wanted = request.GET.get("evaluation", "")
    for evaluation in evaluations:
        if wanted.isdigit() and evaluation.pk == int(wanted):
            current = evaluation
    if current is None:
        current = next(
            (e for e in evaluations if e.is_open and e.evaluator_id == request.user.pk),
            evaluations[-1] if evaluations else None,
        )
    editable = current is not None and current.is_open and actions.may_edit(request.user, current)
    return render(
        request,
        "quality/recording.html",
        {
            "tab": "recordings",
            "recording": found,
            "evaluations": evaluations,
            "current": current,
            "sections": sections_of(current) if current is not None else [],
            "editable": editable,
            "can_evaluate": can_evaluate,
            "forms": EvaluationForm.objects.filter(active=True) if can_evaluate else [],
            "playable": found.playable,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def recording_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The audio, whole or by byte range (seeking); ``?download=1`` as an attachment. Audited."""
    found = visible_recording(request, pk)
    try:
        return playback.serve(request, request.user, found, download=request.GET.get("download") == "1")
    except actions.QualityError as exc:
        raise Http404(exc.message) from None
