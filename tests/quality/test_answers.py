"""Answers posted by the player page: ``q<question id>`` fields read into question id -> value."""

from __future__ import annotations

import pytest

from callcenter.quality.actions import QualityError, parse_answers


def test_values_and_not_applicable_are_read_by_question_id() -> None:
    assert parse_answers([("q7", "3"), ("q12", "na")]) == {7: 3, 12: None}


def test_fields_that_are_not_answers_are_ignored() -> None:
    posted = [("csrfmiddlewaretoken", "x"), ("comment", "ok"), ("qa", "1"), ("q", "1"), ("close", "1")]
    assert parse_answers(posted) == {}


def test_an_empty_answer_leaves_the_question_unanswered() -> None:
    assert parse_answers([("q5", ""), ("q6", "0")]) == {6: 0}


def test_an_overlong_question_key_is_ignored() -> None:
    assert parse_answers([("q" + "1" * 12, "2")]) == {}


@pytest.mark.parametrize("value", ["yes", "-1", "100", "2.5", " 2"])
def test_a_value_that_is_not_a_small_number_is_refused(value: str) -> None:
    with pytest.raises(QualityError) as caught:
        parse_answers([("q1", value)])
    assert (caught.value.message, caught.value.status) == ("An answer is not a number.", 400)
