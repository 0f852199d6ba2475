"""The QA score: weighted points over the questions that apply; a failed fatal question makes it 0."""

from __future__ import annotations

from decimal import Decimal

from callcenter.quality.scoring import Point, Score, compute


def test_the_score_is_the_weighted_share_of_the_points() -> None:
    # yes (1 of 1, weight 1) + 3 of 5 (weight 3): (1 + 3 * 0.6) / 4 = 70 %.
    result = compute([Point(1, 1, 1), Point(3, 5, 3)])
    assert (result.score, result.fatal_failed) == (Decimal("70.00"), False)


def test_a_question_that_does_not_apply_is_left_out() -> None:
    result = compute([Point(1, 1, 1), Point(5, 5, None)])
    assert result.score == Decimal("100.00")


def test_a_failed_fatal_question_zeroes_the_score() -> None:
    result = compute([Point(1, 1, 1), Point(3, 5, 5), Point(1, 1, 0, fatal=True)])
    assert (result.score, result.fatal_failed) == (Decimal("0.00"), True)


def test_a_passed_fatal_question_counts_like_any_other() -> None:
    result = compute([Point(1, 1, 0), Point(1, 1, 1, fatal=True)])
    assert (result.score, result.fatal_failed) == (Decimal("50.00"), False)


def test_no_applicable_question_gives_no_score() -> None:
    assert compute([Point(1, 1, None)]).score is None


def test_the_score_rounds_half_up_to_two_decimals() -> None:
    # 1 of 3 questions: 33.333... %
    assert compute([Point(1, 1, 1), Point(1, 1, 0), Point(1, 1, 0)]).score == Decimal("33.33")
    # 2 of 3: 66.666... %
    assert compute([Point(1, 1, 1), Point(1, 1, 1), Point(1, 1, 0)]).score == Decimal("66.67")


def test_a_value_beyond_the_scale_counts_as_its_highest() -> None:
    assert compute([Point(1, 5, 9)]).score == Decimal("100.00")


def test_a_negative_value_counts_as_nothing() -> None:
    assert compute([Point(1, 5, -2), Point(1, 1, 1)]).score == Decimal("50.00")


def test_a_failed_fatal_question_counts_even_when_nothing_else_applies() -> None:
    result = compute([Point(1, 1, 0, fatal=True), Point(3, 5, None)])
    assert (result.score, result.fatal_failed) == (Decimal("0.00"), True)


def test_a_fatal_question_that_does_not_apply_fails_nothing() -> None:
    result = compute([Point(1, 1, None, fatal=True), Point(1, 1, 1)])
    assert (result.score, result.fatal_failed) == (Decimal("100.00"), False)


def test_no_questions_give_no_score() -> None:
    assert compute([]) == Score(None, False)
