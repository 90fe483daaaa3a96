"""ui i18n: category values in Chinese and English."""

from __future__ import annotations

import pytest

from cgw.webui import i18n

ROOT = "370705"
pytestmark = pytest.mark.usefixtures("chinese")


def test_dimension_values_in_english(english):
    assert i18n.value_label("education", "大专") == "Associate (college)"
    assert i18n.value_label("age_band", "50岁及以上") == "50 and over"
    assert i18n.value_label("certificate_level", "未持证") == "Not certified"
    assert i18n.value_label("month", "2026-03") == "Mar 2026"
    assert i18n.value_label("quarter", "2026-Q3") == "2026 Q3"
    assert i18n.dim_label("wish_group") == "Group"


def test_dimension_values_in_chinese():
    assert i18n.value_label("education", "大专") == "大专"
    assert i18n.value_label("year", "2026") == "2026年"
    assert i18n.value_label("month", "2026-03") == "2026年3月"
    assert i18n.value_label("quarter", "2026-Q3") == "2026年三季度"
    assert i18n.value_label("month", "garbage") == "garbage"
