"""QA form pages: the list of forms, and a form with its sections and questions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from callcenter.quality import actions
from callcenter.quality.forms import EvaluationFormForm, QuestionForm, SectionForm
from callcenter.quality.models import EvaluationForm, FormSection, Question
from callcenter.quality.views.answer_rows import QuestionRow, SectionRows
from callcenter.quality.views.common import evaluator


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
