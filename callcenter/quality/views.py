"""Recordings and QA pages: search, the player with the evaluation beside it, the file itself, the forms.

Each view reads, checks who asks, and calls actions for every write (the audit of a play included).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from callcenter.accounts.roles import has_role
from callcenter.quality import actions, files
from callcenter.quality.forms import EvaluationFormForm, QuestionForm, RecordingSearchForm, SectionForm
from callcenter.quality.models import Evaluation, EvaluationForm, FormSection, Question, Recording
from callcenter.quality.querysets import EVALUATORS

View = Callable[..., HttpResponseBase]
PAGE_SIZE = 50


def evaluator(view: View) -> View:
    """Signed in as an administrator or a supervisor."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not has_role(request.user, *EVALUATORS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _recording(request: HttpRequest, pk: int) -> Recording:
    try:
        return actions.recording_for(request.user, pk)
    except actions.QualityError:
        raise Http404(_("No such recording.")) from None


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


@dataclass
class QuestionRow:
    question: Question
    value: int | None
    answered: bool

    @property
    def choices(self) -> list[tuple[str, str]]:
        """The answer's options as the player's select offers them: value -> label."""
        if self.question.kind == Question.Kind.YES_NO:
            return [("1", _("yes")), ("0", _("no"))]
        return [(str(value), str(value)) for value in range(0, self.question.max_value + 1)]

    @property
    def current(self) -> str:
        if not self.answered:
            return ""
        return "na" if self.value is None else str(self.value)


@dataclass
class SectionRows:
    section: FormSection
    rows: list[QuestionRow]


def sections_of(evaluation: Evaluation) -> list[SectionRows]:
    answers = actions.evaluation_answers(evaluation)
    grouped: dict[int, SectionRows] = {}
    for question in actions.questions_of(evaluation.form):
        entry = grouped.setdefault(question.section_id, SectionRows(question.section, []))
        entry.rows.append(QuestionRow(question, answers.get(question.pk), question.pk in answers))
    return list(grouped.values())


@login_required
@require_GET
def recording(request: HttpRequest, pk: int) -> HttpResponse:
    """The player, the call's facts, its evaluations; an evaluator scores the call beside the player."""
    found = _recording(request, pk)
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
    found = _recording(request, pk)
    try:
        path = actions.playable_path(found)
    except actions.QualityError as exc:
        raise Http404(exc.message) from None
    download = request.GET.get("download") == "1"
    try:
        response = files.ranged_response(
            request,
            path,
            found.format,
            files.download_name(found.queue, found.callid, found.format),
            attachment=download,
        )
    except OSError:
        actions.flag_unreadable(found)
        raise Http404(_("The recording's file is missing or empty.")) from None
    if response.status_code in (200, 206):
        actions.record_access(request.user, found, download=download)
    return response


@evaluator
@require_POST
def start_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    found = _recording(request, pk)
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


# --- QA forms -----------------------------------------------------------------------------------------


@evaluator
@require_http_methods(["GET", "POST"])
def forms_list(request: HttpRequest) -> HttpResponse:
    editor = EvaluationFormForm(request.POST or None)
    if request.method == "POST" and editor.is_valid():
        try:
            created = actions.save(request.user, editor.save(commit=False))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("quality:form", pk=created.pk)
    return render(
        request,
        "quality/forms.html",
        {"forms": EvaluationForm.objects.visible_to(request.user), "editor": editor, "tab": "forms"},
        status=400 if editor.is_bound and editor.errors else 200,
    )


def _form_edit(request: HttpRequest, form: EvaluationForm) -> str:
    """Apply one POSTed change to a form; returns an error text or ""."""
    what = request.POST.get("action", "")
    try:
        if what == "form":
            editor = EvaluationFormForm(request.POST, instance=form)
            if not editor.is_valid():
                return " ".join(str(error) for errors in editor.errors.values() for error in errors)
            actions.save(request.user, editor.save(commit=False))
        elif what == "section":
            section_editor = SectionForm(request.POST)
            if not section_editor.is_valid():
                return " ".join(str(error) for errors in section_editor.errors.values() for error in errors)
            section = section_editor.save(commit=False)
            section.form = form
            actions.save(request.user, section)
        elif what == "question":
            question_editor = QuestionForm(form, request.POST)
            if not question_editor.is_valid():
                return " ".join(str(error) for errors in question_editor.errors.values() for error in errors)
            actions.save(request.user, question_editor.save(commit=False))
        elif what in ("delete_question", "delete_section"):
            target_id = request.POST.get("id", "")
            model: Any = Question if what == "delete_question" else FormSection
            lookup = {"section__form": form} if what == "delete_question" else {"form": form}
            target = (
                model.objects.filter(pk=int(target_id), **lookup).first() if target_id.isdigit() else None
            )
            if target is None:
                return _("Nothing to delete.")
            actions.delete(request.user, target)
        else:
            return _("Unknown change.")
    except ProtectedError:
        return _("Questions that evaluations have answered cannot be deleted; make a new form instead.")
    except ValidationError as exc:
        return " ".join(exc.messages)
    except actions.QualityError as exc:
        return exc.message
    return ""


@evaluator
@require_http_methods(["GET", "POST"])
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    form = get_object_or_404(EvaluationForm.objects.visible_to(request.user), pk=pk)
    if request.method == "POST":
        error = _form_edit(request, form)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Saved."))
        return redirect("quality:form", pk=form.pk)
    sections = [
        SectionRows(section, [QuestionRow(question, None, False) for question in section.questions.all()])
        for section in form.sections.prefetch_related("questions")
    ]
    return render(
        request,
        "quality/form.html",
        {
            "tab": "forms",
            "form_obj": form,
            "sections": sections,
            "editor": EvaluationFormForm(instance=form),
            "section_editor": SectionForm(),
            "question_editor": QuestionForm(form),
        },
    )
