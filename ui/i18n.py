"""Language: Chinese first, English on request. Strings are written inline at their use site as
tr("中文", "English"), so each page carries its own text and nothing is looked up by key."""

from __future__ import annotations

import streamlit as st

import domain

LANGS = ("zh", "en")


def lang() -> str:
    value = st.session_state.get("lang", "zh")
    return value if value in LANGS else "zh"


def tr(zh: str, en: str) -> str:
    return en if lang() == "en" else zh


def category(cat: str, value: str) -> str:
    """A stored category value in the current language."""
    return domain.label(cat, value, lang())
