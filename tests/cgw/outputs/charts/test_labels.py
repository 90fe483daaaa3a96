"""Dimension names and values in Chinese and English; English plurals."""

from __future__ import annotations

from cgw.outputs.charts import labels
from metrics import catalogue, formatting


def test_dimension_values_in_english():
    assert labels.value_label("education", "大专", "en") == "Associate (college)"
    assert labels.value_label("age_band", "50岁及以上", "en") == "50 and over"
    assert labels.value_label("certificate_level", "未持证", "en") == "Not certified"
    assert labels.value_label("month", "2026-03", "en") == "Mar 2026"
    assert labels.value_label("quarter", "2026-Q3", "en") == "2026 Q3"
    assert labels.dim_label("wish_group", "en") == "Group"


def test_dimension_values_in_chinese():
    assert labels.value_label("education", "大专") == "大专"
    assert labels.value_label("year", "2026") == "2026年"
    assert labels.value_label("month", "2026-03") == "2026年3月"
    assert labels.value_label("quarter", "2026-Q3") == "2026年三季度"
    assert labels.value_label("month", "garbage") == "garbage"
    assert labels.within_year(["2026年1月", "2026年2月"], {"2026"}, "month") == ["1月", "2月"]


def test_english_plurals_and_benchmark_wording():
    workers, cases = catalogue.get("active_workers"), catalogue.get("issues_resolved")
    assert formatting.value(workers, 1, "en") == "1 person" and formatting.value(workers, 2, "en") == "2 people"
    assert formatting.value(cases, 1, "en") == "1 case"
    assert labels.count_word(1, "community", "communities") == "1 community"
    college, partners = catalogue.get("college_share"), catalogue.get("partners")
    # The seed reports: 超过91.1% (over 91.1%) and 130余家 (130-plus); the label names whose figure it is.
    assert formatting.benchmark_label(college.benchmark) == "奎文区报道值"
    assert formatting.benchmark_value(college, college.benchmark) == "91.1%以上"
    assert formatting.benchmark_value(partners, partners.benchmark) == "130余家"
    assert formatting.benchmark_value(partners, partners.benchmark, "en") == "130+"
    per_10k = catalogue.get("workers_per_10k")
    assert formatting.benchmark_value(per_10k, per_10k.benchmark) == "18人"
