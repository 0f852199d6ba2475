"""Admin widgets for the fields that name a prompt or a music on hold class."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from callcenter.pbx.models import DEFAULT_MOH_CLASS, MusicOnHoldClass, Prompt

# Model fields that name a prompt: typed freely (a sound of the node's own), with the uploaded ones offered.
PROMPT_FIELDS = frozenset({"periodic_announce", "greeting", "invalid_prompt", "closed_prompt"})

_ModelT = TypeVar("_ModelT", bound=models.Model)


class PromptNameInput(forms.TextInput):
    """A prompt name: any sound of the node, with the uploaded prompts offered as suggestions."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        listing = f"{(attrs or {}).get('id') or 'id_' + name}_prompts"
        html = super().render(name, value, {**(attrs or {}), "list": listing}, renderer)
        options = format_html_join("", '<option value="{}"></option>', ((n,) for n in prompt_names()))
        return format_html('{}<datalist id="{}">{}</datalist>', html, listing, options)


def prompt_names() -> list[str]:
    return list(Prompt.objects.order_by("name").values_list("name", flat=True))


class MohClassSelect(forms.Select):
    """A queue's music on hold class: the node's default or an uploaded class (a stored value that is neither
    is still shown as it is, so that opening and saving the form never changes it silently)."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        names = list(MusicOnHoldClass.objects.order_by("name").values_list("name", flat=True))
        choices: list[tuple[str, Any]] = [(DEFAULT_MOH_CLASS, _("default (the node's own music)"))]
        choices += [(class_name, class_name) for class_name in names]
        if value and value not in {DEFAULT_MOH_CLASS, *names}:
            choices.append((value, value))
        self.choices = choices
        return super().get_context(name, value, attrs)


class PromptFieldsMixin(admin.ModelAdmin[_ModelT]):
    """Prompt name fields suggest the uploaded prompts; the music on hold class is chosen from a list."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in PROMPT_FIELDS:
            kwargs["widget"] = PromptNameInput()
        elif db_field.name == "music_class":
            kwargs["widget"] = MohClassSelect()
        return super().formfield_for_dbfield(db_field, request, **kwargs)
