"""Display of metric values: Chinese number forms (万, 亿), percentages and units."""

from __future__ import annotations

from metrics.catalogue import UNIT_EN, Metric

MISSING = "—"


def number(value: float, decimals: int = 0, lang: str = "zh") -> str:
    """12345 -> 1.23万 in Chinese; 12,345 in English."""
    if lang == "zh":
        if abs(value) >= 1e8:
            return f"{value / 1e8:.2f}亿"
        if abs(value) >= 1e5:
            return f"{value / 1e4:.1f}万"
        if abs(value) >= 1e4:
            return f"{value / 1e4:.2f}万"
    return f"{value:,.{decimals}f}"


def value(metric: Metric, v: float | None, lang: str = "zh", with_unit: bool = True) -> str:
    if v is None:
        return MISSING
    if metric.unit == "%":
        return f"{v * 100:.1f}%"
    text = number(v, metric.decimals, lang)
    if not with_unit:
        return text
    unit = UNIT_EN.get(metric.unit, "") if lang == "en" else metric.unit
    return f"{text} {unit}".rstrip() if lang == "en" else f"{text}{unit}"


def change(metric: Metric, delta: float | None, lang: str = "zh") -> str:
    """A signed change: percentage points for shares, the unit otherwise."""
    if delta is None:
        return MISSING
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    if metric.unit == "%":
        unit = "个百分点" if lang == "zh" else " pp"
        return f"{sign}{abs(delta) * 100:.1f}{unit}"
    return sign + value(metric, abs(delta), lang)
