"""The outcome filter of the recordings pages: a stored outcome value shown as its label."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from callcenter.quality.templatetags.quality import outcome_label


def test_a_stored_outcome_is_shown_as_its_label() -> None:
    assert outcome_label("exitempty") == "left: queue empty"


def test_a_call_without_an_outcome_is_in_progress() -> None:
    assert (outcome_label(""), outcome_label(None)) == ("in progress", "in progress")


def test_an_unknown_outcome_is_shown_as_stored() -> None:
    assert outcome_label("vanished") == "vanished"


def test_the_label_follows_the_active_language() -> None:
    with translation.override("ru"):
        assert outcome_label("answered") == "отвечен"


def test_templates_load_the_filter_from_the_quality_library() -> None:
    rendered = Template("{% load quality %}{{ value|outcome_label }}").render(Context({"value": "timeout"}))
    assert rendered == "timeout"
