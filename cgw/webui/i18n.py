"""Language: Chinese first, English on request. Strings are written inline at their use site as
tr("中文", "English"), so each page carries its own text and nothing is looked up by key."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from cgw import domain

LANGS = ("zh", "en")


def lang() -> str:
    value = st.session_state.get("lang", "zh")
    return value if value in LANGS else "zh"


def tr(zh: str, en: str) -> str:
    return en if lang() == "en" else zh


# English for dimension values that are not domain categories (bands, groupings, "none" buckets).
_EXTRA_EN = {
    "30岁以下": "Under 30", "30-39岁": "30–39", "40-49岁": "40–49", "50岁及以上": "50 and over",
    "90后": "Born in the 1990s", "其他": "Other", "正常退出": "Regular exit", "负面清单退出": "Negative list",
    "无": "None", "获得": "Earned", "兑换": "Redeemed", "未持证": "Not certified", "未评定": "Not graded",
}  # fmt: skip


def dim_label(dim: str) -> str:
    """A dimension's name in the current language (metrics.models.DIMENSIONS)."""
    from metrics.models import DIMENSIONS

    d = DIMENSIONS.get(dim)
    return dim if d is None else tr(d.label_zh, d.label_en)


def value_label(dim: str, value: object) -> str:
    """A dimension value (as stored) in the current language."""
    from metrics.models import DIMENSIONS

    text = str(value)
    if dim in ("year", "quarter", "month"):
        return _period_label(dim, text)
    if lang() != "en":
        return text
    d = DIMENSIONS.get(dim)
    if d is not None and d.category:
        english = domain.label(d.category, text, "en")
        if english != text:
            return english
    return _EXTRA_EN.get(text, text)


def _period_label(dim: str, text: str) -> str:
    """'2026' → 2026年, '2026-Q1' → 2026年一季度, '2026-03' → 2026年3月 (English: 2026, 2026 Q1, Mar 2026)."""
    try:
        if dim == "year":
            return text if lang() == "en" else f"{int(text)}年"
        year, rest = text.split("-", 1)
        if dim == "quarter":
            q = int(rest.lstrip("Q"))
            return f"{year} Q{q}" if lang() == "en" else f"{year}年{'一二三四'[q - 1]}季度"
        month = int(rest)
        return dt.date(int(year), month, 1).strftime("%b %Y") if lang() == "en" else f"{year}年{month}月"
    except (ValueError, IndexError):
        return text
