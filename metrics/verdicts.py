"""How a value compares, judged as displayed: with a benchmark, with the whole region, with a year
earlier. Cards, charts, the briefing and the command line all ask here, so a bar is red exactly
when its card says 低于 and the briefing says 尚差.

Values are compared at the precision the catalogue displays them (a share to 0.1 percentage
point, 18.46人 per 10,000 as 18.5): 40.06% against a 40.1% benchmark "matches".
"""

from __future__ import annotations

from cgw.domain import Benchmark
from metrics.catalogue import Metric

ABOVE, BELOW, EQUAL = "above", "below", "equal"
UP, DOWN, FLAT = "up", "down", "flat"


def shown(metric: Metric, value: float) -> float:
    """`value` rounded as displayed (shares stay fractions: 0.4006 → 0.401)."""
    return round(value, metric.decimals + (2 if metric.unit == "%" else 0))


def shown_equal(metric: Metric, a: float, b: float) -> bool:
    return shown(metric, a) == shown(metric, b)


def versus(metric: Metric, value: float | None, b: Benchmark | float) -> str | None:
    """ABOVE, BELOW or EQUAL against a benchmark (or a plain figure); None without a value."""
    if value is None:
        return None
    target = b.value if isinstance(b, Benchmark) else b
    if shown_equal(metric, value, target):
        return EQUAL
    return ABOVE if value > target else BELOW


def meets(metric: Metric, value: float | None, b: Benchmark) -> bool | None:
    """Whether `value` is good against `b`: at or beyond it in its direction; for an "equal"
    benchmark (the 1:3:6 grade ratio), only when it matches. None without a value."""
    word = versus(metric, value, b)
    if word is None:
        return None
    if word == EQUAL:
        return True
    if b.direction == "equal":
        return False
    return (word == ABOVE) == (b.direction == "higher")


def lags(metric: Metric, value: float | None, b: Benchmark | None) -> bool:
    """Whether `value` falls short of a benchmark that has a direction (red bars, 尚差)."""
    if b is None or value is None or b.direction == "equal":
        return False
    return meets(metric, value, b) is False


def worse_than(metric: Metric, value: float | None, whole: float | None) -> bool:
    """Whether a sub-region's value is worse than the whole region's, as displayed."""
    if value is None or whole is None or metric.higher_is_better is None or shown_equal(metric, value, whole):
        return False
    return value < whole if metric.higher_is_better else value > whole


def change_is_zero(metric: Metric, change: float) -> bool:
    """Whether a change displays as zero (−0.03分 shows as 0.0分)."""
    return shown(metric, abs(change)) == 0


def direction(metric: Metric, change: float | None) -> str | None:
    """UP, DOWN or FLAT (as displayed); None when the earlier value is unknown."""
    if change is None:
        return None
    if change_is_zero(metric, change):
        return FLAT
    return UP if change > 0 else DOWN


def good_news(metric: Metric, word: str | None) -> bool | None:
    """Whether ABOVE/UP (or BELOW/DOWN) is good for this metric; None when neither."""
    if word in (None, EQUAL, FLAT) or metric.higher_is_better is None:
        return None
    return (word in (ABOVE, UP)) == metric.higher_is_better
