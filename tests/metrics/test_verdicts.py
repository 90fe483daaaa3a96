"""metrics.verdicts: comparisons made at the displayed precision, by hand."""

from __future__ import annotations

import dataclasses

from cgw.domain import Benchmark
from metrics import catalogue, verdicts

PER_10K = catalogue.get("workers_per_10k")  # 人, one decimal
SHARE = catalogue.get("under_40_share")  # %, one decimal of a percentage
AGE = catalogue.get("secretary_avg_age")  # lower is better
GRADE = catalogue.get("grade_one_share")  # an "equal" benchmark (1:3:6)
NATIONAL = Benchmark(18.0, "国家标准", "National target", "", "higher")


def test_values_compare_as_displayed():
    assert verdicts.shown(PER_10K, 17.96) == 18.0
    assert verdicts.versus(PER_10K, 17.96, NATIONAL) == verdicts.EQUAL  # shows 18.0人
    assert verdicts.versus(PER_10K, 17.94, NATIONAL) == verdicts.BELOW  # shows 17.9人
    assert verdicts.versus(SHARE, 0.40051, 0.401) == verdicts.EQUAL  # 40.1% both
    assert verdicts.versus(SHARE, 0.40049, 0.401) == verdicts.BELOW  # 40.0%
    assert verdicts.versus(PER_10K, None, NATIONAL) is None


def test_meeting_a_benchmark_follows_its_direction():
    assert verdicts.meets(PER_10K, 18.5, NATIONAL) is True
    assert verdicts.meets(PER_10K, 17.2, NATIONAL) is False
    younger = AGE.benchmarks[0]  # 41.1岁, lower is better
    assert verdicts.meets(AGE, 40.0, younger) is True
    assert verdicts.meets(AGE, 43.0, younger) is False
    ratio = GRADE.benchmarks[0]  # 10%: only a match is good
    assert verdicts.meets(GRADE, 0.1004, ratio) is True
    assert verdicts.meets(GRADE, 0.12, ratio) is False
    assert verdicts.lags(GRADE, 0.12, ratio) is False  # no direction to fall short in
    assert verdicts.lags(PER_10K, 17.2, NATIONAL) is True
    assert verdicts.lags(PER_10K, 17.96, NATIONAL) is False


def test_worse_than_the_whole_region():
    assert verdicts.worse_than(PER_10K, 17.0, 18.2) is True
    assert verdicts.worse_than(PER_10K, 18.24, 18.2) is False  # shows 18.2 both
    assert verdicts.worse_than(AGE, 44.0, 42.0) is True  # older is worse
    neutral = dataclasses.replace(PER_10K, higher_is_better=None)
    assert verdicts.worse_than(neutral, 1.0, 20.0) is False


def test_direction_of_a_change():
    assert verdicts.direction(SHARE, 0.0004) == verdicts.FLAT  # +0.04 pp shows as 0.0
    assert verdicts.direction(SHARE, 0.0006) == verdicts.UP
    assert verdicts.direction(AGE, -0.3) == verdicts.DOWN
    assert verdicts.direction(AGE, None) is None
    assert verdicts.good_news(AGE, verdicts.DOWN) is True
    assert verdicts.good_news(SHARE, verdicts.DOWN) is False
    assert verdicts.good_news(SHARE, verdicts.FLAT) is None
