"""Language: Chinese first, English on request. Strings are written inline at their use site as
tr("中文", "English"), so each page carries its own text and nothing is looked up by key.
Dimension names and values come from cgw.outputs.charts.labels, in the session's language."""

from __future__ import annotations

import streamlit as st

from cgw.outputs.charts import labels

LANGS = ("zh", "en")


def lang() -> str:
    value = st.session_state.get("lang", "zh")
    return value if value in LANGS else "zh"


def tr(zh: str, en: str) -> str:
    return en if lang() == "en" else zh


def dim_label(dim: str) -> str:
    """A dimension's name in the current language (metrics.models.DIMENSIONS)."""
    return labels.dim_label(dim, lang())


def value_label(dim: str, value: object) -> str:
    """A dimension value (as stored) in the current language."""
    return labels.value_label(dim, value, lang())
