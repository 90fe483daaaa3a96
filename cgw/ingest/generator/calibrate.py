"""Integer planning: the exact head-counts that make the published figures come out.

A published figure such as 40.1% is met when the computed value lies within half a unit of its
last digit. With W workers, a share x is reachable only if some integer k has |k/W - x| < 0.0005,
so W and the population are chosen together so that every target is reachable at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cgw.ingest.generator.targets import (
    SECRETARY_MAX_AGE,
    SECRETARY_MIN_AGE,
    TargetError,
    Targets,
    secretary_under_40_bounds,
)

SHARE_TOLERANCE = 0.0005  # shares are published to 0.1 percentage point
ONE_DECIMAL_TOLERANCE = 0.05  # per-10k and ages are published to one decimal
# The population is "about" its target: it may move this much so every share becomes reachable.
POPULATION_SLACK = 0.025


def within(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) < tolerance - 1e-12


@dataclass(frozen=True)
class WorkforcePlan:
    population: int
    workers: int  # active on the as-of date, secretaries included
    secretaries: int
    under_40: int
    college: int
    certified: int
    secretary_age_sum: int
    secretaries_under_40: int
    new_secretaries_3y: int
    secretaries_this_year: int  # appointed this calendar year, so not graded yet
    open_recruits_4y: int
    reserve_90s: tuple[int, int, int]


def _share_count(share: float, workers: int, exceeds: bool = False) -> int | None:
    """An integer k with k/workers matching `share` (strictly above it when `exceeds`)."""
    for k in sorted({math.floor(share * workers), math.ceil(share * workers)}, reverse=exceeds):
        if 0 <= k <= workers and within(k / workers, share, SHARE_TOLERANCE):
            if not exceeds or k / workers > share:
                return k
    return None


def _secretary_age_sum(n: int, avg: float) -> int | None:
    for s in sorted(range(math.floor(avg * n) - 1, math.ceil(avg * n) + 2), key=lambda s: abs(s - avg * n)):
        if within(s / n, avg, ONE_DECIMAL_TOLERANCE):
            return s
    return None


def _secretaries_under_40(n: int, age_sum: int, under_40: int, workers: int) -> int | None:
    """How many secretaries are under 40: near the natural share, within every bound."""
    lo, hi = secretary_under_40_bounds(n, age_sum / n)
    # The age sum must be reachable: s under-40 ages in [MIN, 39], the rest in [40, MAX].
    feasible = [
        s
        for s in range(lo, hi + 1)
        if s * SECRETARY_MIN_AGE + (n - s) * 40 <= age_sum <= s * 39 + (n - s) * SECRETARY_MAX_AGE
        and 0 <= under_40 - s <= workers - n
    ]
    if not feasible:
        return None
    avg = age_sum / n
    natural = n * min(1.0, max(0.0, 0.5 - (avg - 40) / 12))
    return min(feasible, key=lambda s: abs(s - natural))


def plan_workforce(t: Targets) -> WorkforcePlan:
    """Choose the population and head-counts that hit every workforce target."""
    n = t.communities
    ideal = t.workers_per_10k * t.population / 10_000
    span = max(3, round(ideal * POPULATION_SLACK))
    candidates = sorted(range(max(2 * n, round(ideal) - span), round(ideal) + span + 1), key=lambda w: abs(w - ideal))
    age_sum = _secretary_age_sum(n, t.secretary_avg_age)
    if age_sum is None:
        raise TargetError(f"书记平均年龄 {t.secretary_avg_age} 无法由 {n} 名书记的整数周岁得到")
    for w in candidates:
        population = round(w * 10_000 / t.workers_per_10k)
        if population <= 0 or abs(population - t.population) > POPULATION_SLACK * t.population:
            continue
        if not within(w / population * 10_000, t.workers_per_10k, ONE_DECIMAL_TOLERANCE):
            continue
        under = _share_count(t.under_40_share, w)
        college = _share_count(t.college_share, w, t.college_share_exceeds)
        certified = _share_count(t.certified_share, w)
        if under is None or college is None or certified is None:
            continue
        sec_under = _secretaries_under_40(n, age_sum, under, w)
        if sec_under is None:
            continue
        this_year = n % 10
        new3 = t.new_secretaries_3y if t.new_secretaries_3y is not None else max(this_year, round(0.38 * n))
        if new3 < this_year or new3 > n:
            raise TargetError(f"近3年新任书记 {new3} 名不可行：应在 {this_year} 到 {n} 之间")
        recruits = t.open_recruits_4y if t.open_recruits_4y is not None else round(0.3 * w)
        reserve = t.reserve_90s if t.reserve_90s is not None else tuple(round(n * r) for r in (0.18, 0.75, 1.17))
        return WorkforcePlan(
            population=population,
            workers=w,
            secretaries=n,
            under_40=under,
            college=college,
            certified=certified,
            secretary_age_sum=age_sum,
            secretaries_under_40=sec_under,
            new_secretaries_3y=new3,
            secretaries_this_year=this_year,
            open_recruits_4y=recruits,
            reserve_90s=reserve,
        )
    raise TargetError(
        f"在常住人口约 {t.population} 人附近找不到同时满足每万人 {t.workers_per_10k} 人、"
        f"40岁以下 {t.under_40_share:.1%}、大专及以上 {t.college_share:.1%}、持证 {t.certified_share:.1%} "
        f"和书记平均年龄 {t.secretary_avg_age} 岁的整数人数：请微调其中一项"
    )
