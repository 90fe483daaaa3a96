"""Display of metric values: Chinese number forms (万, 亿), percentages and units."""

from __future__ import annotations

import dataclasses

from cgw.domain import Benchmark
from metrics.catalogue import UNIT_EN, Metric

MISSING = "—"
SINGULAR_EN = {"people": "person", "cases": "case", "years": "year", "days": "day", "points": "point",
               "hours": "hour", "person-times": "person-time"}


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
    if lang == "en" and text == "1":  # 1 person, 1 case
        unit = SINGULAR_EN.get(unit, unit)
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


def benchmark_label(b: Benchmark, lang: str = "zh") -> str:
    """'国家标准', '奎文区报道值': whose figure it is; a figure from a seed report says so."""
    label = b.label_en if lang == "en" else b.label_zh
    if b.source.startswith("《") and b.direction != "equal":
        label += " report" if lang == "en" else "报道值"
    return label


def benchmark_value(metric: Metric, b: Benchmark, lang: str = "zh") -> str:
    """A benchmark as published: whole numbers without decimals (18人, not 18.0人), with the
    source's wording (91.1%以上 for 超过91.1%, 130余家)."""
    whole = metric.unit != "%" and float(b.value).is_integer()
    if b.wording == "plus":  # 130余家: 余 sits between the number and the unit
        unit = UNIT_EN.get(metric.unit, "") if lang == "en" else metric.unit
        return f"{b.value:,.0f}+ {unit}".rstrip() if lang == "en" else f"{number(b.value, 0, lang)}余{unit}"
    text = value(dataclasses.replace(metric, precision=0) if whole else metric, b.value, lang)
    if b.wording == "over":  # 超过91.1% reads 91.1%以上 after 高于/达到
        return f"over {text}" if lang == "en" else f"{text}以上"
    return text
