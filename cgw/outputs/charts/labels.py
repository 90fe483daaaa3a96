"""Dimension names and values in Chinese or English, for charts, exports and the pages.

No Streamlit here: the language is an argument (cgw/webui/i18n.py passes the session's).
"""

from __future__ import annotations

import datetime as dt

from cgw import domain

# English for dimension values that are not domain categories (bands, groupings, "none" buckets).
_EXTRA_EN = {
    "30岁以下": "Under 30", "30-39岁": "30–39", "40-49岁": "40–49", "50岁及以上": "50 and over",
    "90后": "Born in the 1990s", "其他": "Other", "正常退出": "Regular exit", "负面清单退出": "Negative list",
    "无": "None", "获得": "Earned", "兑换": "Redeemed", "未持证": "Not certified", "未评定": "Not graded",
}  # fmt: skip


def tr(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def dim_label(dim: str, lang: str = "zh") -> str:
    """A dimension's name (metrics.models.DIMENSIONS)."""
    from metrics.models import DIMENSIONS

    d = DIMENSIONS.get(dim)
    return dim if d is None else tr(lang, d.label_zh, d.label_en)


def value_label(dim: str, value: object, lang: str = "zh") -> str:
    """A dimension value (as stored) in `lang`."""
    from metrics.models import DIMENSIONS

    text = str(value)
    if dim in ("year", "quarter", "month"):
        return period_label(dim, text, lang)
    if lang != "en":
        return text
    d = DIMENSIONS.get(dim)
    if d is not None and d.category:
        english = domain.label(d.category, text, "en")
        if english != text:
            return english
    return _EXTRA_EN.get(text, text)


def period_label(dim: str, text: str, lang: str = "zh") -> str:
    """'2026' → 2026年, '2026-Q1' → 2026年一季度, '2026-03' → 2026年3月 (English: 2026, 2026 Q1, Mar 2026)."""
    try:
        if dim == "year":
            return text if lang == "en" else f"{int(text)}年"
        year, rest = text.split("-", 1)
        if dim == "quarter":
            q = int(rest.lstrip("Q"))
            return f"{year} Q{q}" if lang == "en" else f"{year}年{'一二三四'[q - 1]}季度"
        month = int(rest)
        return dt.date(int(year), month, 1).strftime("%b %Y") if lang == "en" else f"{year}年{month}月"
    except (ValueError, IndexError):
        return text


def within_year(labels: list[str], years: set[str], dim: str) -> list[str]:
    """Months or quarters of a single year without the year: 1月 … 9月, Jan … Sep."""
    if dim not in ("month", "quarter") or len(years) != 1:
        return labels
    year = next(iter(years))
    return [lab.removeprefix(f"{year}年").removeprefix(f"{year} ").removesuffix(f" {year}") for lab in labels]


def count_word(n: int, singular: str, plural: str | None = None) -> str:
    """'1 person', '3 people': English plurals (Chinese has none)."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"
