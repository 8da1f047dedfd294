"""Score arithmetic shared by the engine: one rounding rule everywhere keeps output byte-stable."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

Rating3 = Literal["High", "Medium", "Low"]
RATINGS: tuple[Rating3, ...] = ("Low", "Medium", "High")


def round1(x: float) -> float:
    """Round half away from zero to one decimal (Python's round() is banker's rounding)."""
    return math.copysign(math.floor(abs(x) * 10 + 0.5) / 10, x) + 0.0


def round_half(x: float) -> float:
    """Nearest multiple of 0.5, halves away from zero."""
    return math.copysign(math.floor(abs(x) * 2 + 0.5) / 2, x) + 0.0


def mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return sum(vals) / len(vals) if vals else None


def clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def step(rating: Rating3, by: int) -> Rating3:
    """Move a High/Medium/Low rating up (by > 0) or down, saturating at the ends."""
    i = RATINGS.index(rating) + by
    return RATINGS[max(0, min(len(RATINGS) - 1, i))]


def rank(rating: Rating3) -> int:
    return RATINGS.index(rating)
