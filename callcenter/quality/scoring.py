"""The score of an evaluation, as QueueMetrics' QA forms count it: weighted points, and fatal questions.

Each question gives a share of its points: yes/no questions 0 or 1 of 1, scale questions 0-5 of 5. The
score is the weighted share of the points over the questions that apply (an answer without a value is
"not applicable" and left out), as a percentage with two decimals. A fatal question answered "no" (or 0)
makes the whole score 0, whatever the other answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Point:
    """One answered question: its weight, its highest value, the value given (None: not applicable)."""

    weight: int
    max_value: int
    value: int | None
    fatal: bool = False


@dataclass(frozen=True)
class Score:
    """``score`` is None when no question applies yet."""

    score: Decimal | None
    fatal_failed: bool


def compute(points: Iterable[Point]) -> Score:
    applicable = [point for point in points if point.value is not None]
    fatal_failed = any(point.fatal and point.value == 0 for point in applicable)
    weight = sum(point.weight for point in applicable)
    if fatal_failed:
        return Score(Decimal("0.00"), True)
    if not weight:
        return Score(None, False)
    share = sum(
        (Fraction(point.weight * min(max(point.value or 0, 0), point.max_value), point.max_value))
        for point in applicable
    ) / Fraction(weight)
    percent = Decimal(share.numerator * 100) / Decimal(share.denominator)
    return Score(percent.quantize(CENT, rounding=ROUND_HALF_UP), False)
