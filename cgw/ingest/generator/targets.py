"""What a generated dataset must look like: presets and custom target tables.

A `Targets` value holds every figure the generator calibrates to. Presets reproduce the seed
reports; `from_json` reads a custom table and `check_feasible` rejects impossible ones with a
Chinese message that says why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_AS_OF = dt.date(2026, 9, 30)


SECRETARY_MIN_AGE, SECRETARY_MAX_AGE = 26, 59


def secretary_under_40_bounds(n: int, avg_age: float) -> tuple[int, int]:
    """The fewest and most of `n` secretaries who can be under 40 with average age `avg_age`."""
    lo = 0 if avg_age >= 40 else math.ceil(n * (40 - avg_age) / (40 - SECRETARY_MIN_AGE) - 1e-9)
    hi = n if avg_age <= 39 else math.floor(n * (SECRETARY_MAX_AGE - avg_age) / (SECRETARY_MAX_AGE - 39) + 1e-9)
    return lo, hi


class TargetError(ValueError):
    """An impossible or malformed target table. The message is for the user, in Chinese."""


@dataclass(frozen=True)
class RootRegion:
    code: str
    name: str
    level: str  # 'district' or 'province'


@dataclass(frozen=True)
class Targets:
    name: str
    root: RootRegion
    population: int
    streets: int
    communities: int
    # Workforce, as published (shares are fractions).
    workers_per_10k: float
    under_40_share: float
    college_share: float
    certified_share: float
    secretary_avg_age: float
    college_share_exceeds: bool = False  # "超过91.1%": strictly above, still 91.1% when rounded
    new_secretaries_3y: int | None = None
    open_recruits_4y: int | None = None
    reserve_90s: tuple[int, int, int] | None = None  # 正职, 副职, 两委成员
    # Partners and services.
    partners: int | None = None
    issues_resolved: int | None = None  # via joint meetings since 1 January of the previous year
    wishes_fulfilled: int | None = None  # cumulative up to the as-of date
    service_start: dt.date | None = None
    # Volume of service rows per community (issues, wishes, points ledger) when not calibrated.
    issues_per_community: int = 60
    wishes_per_community: int = 90
    point_accounts_per_community: int = 40
    ledger_rows_per_account: int = 12
    # Version 6. Grids per community (fewest, most) and resident needs per community over the service period.
    grids_per_community: tuple[int, int] = (2, 4)
    needs_per_community: int = 60
    # Training mechanisms, on the as-of date over the whole dataset (None: sized to the district).
    studios: int | None = None  # 兴村治社好书记工作室 running
    shadow_trainees: int | None = None  # people placed in 跟班实训 so far
    salons: int | None = None  # 治理沙龙 sessions held so far
    rotating_deputies: int | None = None  # 社区副职 who served a 跨岗位/跨社区 rotation so far
    teaching_sites: int | None = None  # 现场教学点 in use
    partner_colleges: int | None = None  # 合作院校 under agreement
    teacher_pools: int | None = None  # 师资库
    featured_courses: int | None = None  # 特色好课 kinds
    special_topics: int | None = None  # 精品专题 kinds
    workers_on_secondment: int | None = None  # 借调 active on the as-of date (奎文: 专职专干, 0)
    # Partners in service by kind (None: drawn at random).
    partner_departments: int | None = None  # type 机关单位
    partner_associations: int | None = None  # subtype 行业协会
    partner_talent_studios: int | None = None  # subtype 人才工作室
    # The seed figures' own wording, e.g. {"partners": "130余家"}, for reports and tests.
    published: dict[str, str] = field(default_factory=dict)

    def scaled(self, factor: float) -> Targets:
        """The same district, `factor` times larger (more streets, communities, people)."""
        return dataclasses.replace(
            self,
            population=round(self.population * factor),
            streets=max(1, round(self.streets * factor)),
            communities=max(1, round(self.communities * factor)),
            partners=None if self.partners is None else round(self.partners * factor),
            issues_resolved=None if self.issues_resolved is None else round(self.issues_resolved * factor),
            wishes_fulfilled=None if self.wishes_fulfilled is None else round(self.wishes_fulfilled * factor),
            new_secretaries_3y=None
            if self.new_secretaries_3y is None
            else round(self.new_secretaries_3y * factor),
            open_recruits_4y=None if self.open_recruits_4y is None else round(self.open_recruits_4y * factor),
            reserve_90s=None if self.reserve_90s is None else tuple(round(x * factor) for x in self.reserve_90s),
            **{k: None if getattr(self, k) is None else round(getattr(self, k) * factor) for k in SCALED_COUNTS},
        )


# Version 6 counts that grow with the district (Targets.scaled, custom tables on top of a preset).
MECHANISM_KEYS = ("studios", "shadow_trainees", "salons", "rotating_deputies", "teaching_sites", "partner_colleges",
                  "teacher_pools", "featured_courses", "special_topics", "workers_on_secondment")
PARTNER_KIND_KEYS = ("partner_departments", "partner_associations", "partner_talent_studios")
SCALED_COUNTS = MECHANISM_KEYS + PARTNER_KIND_KEYS


KUIWEN = Targets(
    name="kuiwen",
    root=RootRegion("370705", "奎文区", "district"),
    population=475_000,
    streets=8,
    communities=65,
    workers_per_10k=18.5,
    under_40_share=0.401,
    college_share=0.911,
    college_share_exceeds=True,
    certified_share=0.642,
    secretary_avg_age=41.1,
    new_secretaries_3y=25,
    open_recruits_4y=348,
    reserve_90s=(12, 49, 76),
    studios=10,
    shadow_trainees=72,
    salons=7,
    rotating_deputies=31,
    teaching_sites=23,
    partner_colleges=14,
    teacher_pools=3,
    featured_courses=10,
    special_topics=6,
    workers_on_secondment=0,
    published={
        "workers_per_10k": "18.5人",
        "under_40_share": "40.1%",
        "college_share": "超过91.1%",
        "certified_share": "64.2%",
        "secretary_avg_age": "41.1岁",
        "new_secretaries_3y": "25名",
        "open_recruits_4y": "348人",
        "reserve_90s": "12 / 49 / 76名",
        "studios": "10个",
        "shadow_trainees": "72名",
        "salons": "7期",
        "rotating_deputies": "31名",
        "teaching_sites": "23个",
        "partner_colleges": "14所",
        "teacher_pools": "三大师资库",
        "featured_courses": "10类",
        "special_topics": "6类",
        "workers_on_secondment": "专职专干",
    },
)

HONGTONG = Targets(
    name="hongtong",
    root=RootRegion("141024", "洪洞县", "district"),
    population=218_000,
    streets=6,
    communities=42,
    workers_per_10k=16.4,
    under_40_share=0.352,
    college_share=0.846,
    certified_share=0.517,
    secretary_avg_age=44.6,
    partners=136,
    issues_resolved=187,
    wishes_fulfilled=1236,
    service_start=dt.date(2025, 1, 1),
    issues_per_community=30,
    wishes_per_community=36,
    point_accounts_per_community=60,
    ledger_rows_per_account=10,
    partner_departments=75,
    partner_associations=25,
    partner_talent_studios=14,
    workers_on_secondment=0,  # nobody borrowed on the as-of date: a clean preset (quality rule worker_on_secondment)
    published={"partners": "130余家", "issues_resolved": "180余件", "wishes_fulfilled": "1200余个",
               "partner_departments": "75个", "partner_associations": "25个", "partner_talent_studios": "14个"},
)

# Shandong-sized: ~7,000 communities, ~120,000 workers, 20M+ service rows.
PROVINCE = Targets(
    name="province",
    root=RootRegion("37", "山东省", "province"),
    population=66_000_000,
    streets=1_800,
    communities=7_000,
    workers_per_10k=18.2,
    under_40_share=0.415,
    college_share=0.887,
    certified_share=0.561,
    secretary_avg_age=43.2,
    partners=9_800,
    issues_resolved=52_000,
    wishes_fulfilled=1_600_000,
    issues_per_community=300,
    wishes_per_community=420,
    point_accounts_per_community=150,
    ledger_rows_per_account=14,
    grids_per_community=(2, 2),
    needs_per_community=40,
)

PRESETS = {t.name: t for t in (KUIWEN, HONGTONG, PROVINCE)}

CUSTOM_KEYS = {
    "population": int,
    "streets": int,
    "communities": int,
    "workers_per_10k": float,
    "under_40_share": float,
    "college_share": float,
    "certified_share": float,
    "secretary_avg_age": float,
    "partners": int,
    "issues_resolved": int,
    "wishes_fulfilled": int,
    **{k: int for k in SCALED_COUNTS},
}
OPTIONAL_KEYS = {"name": str, "district_name": str, "base": str}


def from_mapping(raw: dict, base: Targets = KUIWEN) -> Targets:
    """Custom targets on top of `base` (a preset). Unknown keys and bad types are errors."""
    if not isinstance(raw, dict):
        raise TargetError("目标表必须是 JSON 对象，例如 {\"population\": 300000, \"workers_per_10k\": 18.0}")
    unknown = sorted(set(raw) - set(CUSTOM_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise TargetError(f"目标表含未知字段 {', '.join(unknown)}；可用字段：{', '.join(CUSTOM_KEYS)}")
    if "base" in raw:
        if raw["base"] not in PRESETS:
            raise TargetError(f"base 应为 {', '.join(PRESETS)} 之一，收到 {raw['base']!r}")
        base = PRESETS[raw["base"]]
    values: dict = {}
    for key, typ in CUSTOM_KEYS.items():
        if key not in raw:
            continue
        v = raw[key]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise TargetError(f"字段 {key} 应为数字，收到 {v!r}")
        if typ is int and float(v) != int(v):
            raise TargetError(f"字段 {key} 应为整数，收到 {v!r}")
        values[key] = typ(v)
    root = base.root
    if base.root.level != "district" or "district_name" in raw:
        root = RootRegion("370799", str(raw.get("district_name", "示范区")), "district")
    scale = values.get("communities", base.communities) / base.communities
    # The base's mechanism counts follow the district's size; its partner kinds hold only for its own
    # partner count (a custom count of partners leaves the kinds to chance unless they are given too).
    sized = {k: None if getattr(base, k) is None else max(0, round(getattr(base, k) * scale))
             for k in MECHANISM_KEYS if k not in values}
    if "partners" in values and values["partners"] != base.partners:
        sized.update({k: None for k in PARTNER_KIND_KEYS if k not in values})
    targets = dataclasses.replace(
        base,
        name=str(raw.get("name", "custom")),
        root=root,
        college_share_exceeds=False,
        new_secretaries_3y=None,
        open_recruits_4y=None,
        reserve_90s=None if base.reserve_90s is None else tuple(max(0, round(x * scale)) for x in base.reserve_90s),
        published={},
        **{**sized, **values},
    )
    check_feasible(targets)
    return targets


def from_json(path: str | Path) -> Targets:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise TargetError(f"找不到目标文件 {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise TargetError(f"目标文件 {path} 不是有效的 JSON：{e}") from None
    return from_mapping(raw)


def check_feasible(t: Targets) -> None:
    """Raise TargetError naming the first impossible figure and why."""

    def need(ok: bool, message: str) -> None:
        if not ok:
            raise TargetError(message)

    need(t.streets >= 1, "街道数至少为 1")
    need(t.communities >= t.streets, f"社区数（{t.communities}）不能少于街道数（{t.streets}）：每个街道至少一个社区")
    need(t.communities <= 99 * t.streets and t.streets <= 999,
         "每个街道最多 99 个社区、每个区最多 999 个街道（区划代码位数所限）")
    need(t.population >= 500 * t.communities,
         f"常住人口 {t.population} 对 {t.communities} 个社区太少：每个社区至少 500 人")
    need(t.population <= 200_000_000, "常住人口超过 2 亿，超出本工具的范围")
    need(2 <= t.workers_per_10k <= 100, f"每万人社工数 {t.workers_per_10k} 不合理：应在 2 到 100 之间")
    for key in ("under_40_share", "college_share", "certified_share"):
        v = getattr(t, key)
        need(0 <= v <= 1, f"{key} 是比例，应在 0 到 1 之间（如 0.401 表示 40.1%），收到 {v}")
    need(SECRETARY_MIN_AGE + 2 <= t.secretary_avg_age <= SECRETARY_MAX_AGE - 2,
         f"书记平均年龄 {t.secretary_avg_age} 不合理：书记年龄在 {SECRETARY_MIN_AGE}–{SECRETARY_MAX_AGE} 岁之间，"
         f"平均值应在 {SECRETARY_MIN_AGE + 2} 到 {SECRETARY_MAX_AGE - 2} 之间")
    workers = t.workers_per_10k * t.population / 10_000
    need(workers >= 2 * t.communities,
         f"按每万人 {t.workers_per_10k} 人计只有约 {workers:.0f} 名社工，不足 {t.communities} 个社区每社区 2 人（书记和至少一名社工）")
    # Secretaries are workers: the under-40 and over-40 quotas must leave room for them.
    lo, hi = secretary_under_40_bounds(t.communities, t.secretary_avg_age)
    under = round(t.under_40_share * workers)
    need(under >= lo,
         f"40岁以下占比 {t.under_40_share:.1%} 太低：书记平均年龄 {t.secretary_avg_age} 岁意味着至少 {lo} 名书记在 40 岁以下")
    need(workers - under >= t.communities - hi,
         f"40岁以下占比 {t.under_40_share:.1%} 太高：书记平均年龄 {t.secretary_avg_age} 岁意味着至少 {t.communities - hi} 名书记在 40 岁及以上")
    for key in ("partners", "issues_resolved", "wishes_fulfilled"):
        v = getattr(t, key)
        need(v is None or 0 <= v <= 50_000_000, f"{key} 应为 0 到 5000 万之间的整数，收到 {v}")
    for key in SCALED_COUNTS:
        v = getattr(t, key)
        need(v is None or 0 <= v <= 1_000_000, f"{key} 应为 0 到 100 万之间的整数，收到 {v}")
    # Mechanisms: each figure needs the people or places it counts.
    if t.studios is not None:
        need(t.studios <= t.communities,
             f"书记工作室 {t.studios} 个多于社区数 {t.communities}：每个工作室由一名在任社区书记领办")
    if t.rotating_deputies is not None:
        deputies = estimated_deputies(t)
        need(t.rotating_deputies <= deputies,
             f"跨岗位、跨社区锻炼的社区副职 {t.rotating_deputies} 名多于社区副职总数（约 {deputies} 名）")
    if t.shadow_trainees is not None:
        people = estimated_reserve(t) + round(workers) - t.communities
        need(t.shadow_trainees <= people,
             f"跟班实训 {t.shadow_trainees} 人多于后备人才与社区工作者（书记除外）的总数（约 {people} 人）")
    if t.teaching_sites is not None:
        places = t.communities * (1 + t.grids_per_community[0])
        need(t.teaching_sites <= places,
             f"现场教学点 {t.teaching_sites} 个多于社区和小区的总数（{places} 个）：每个教学点是一个社区或其中一个小区")
    if t.workers_on_secondment is not None:
        need(t.workers_on_secondment <= round(workers) - t.communities,
             f"被借调社区工作者 {t.workers_on_secondment} 名多于社区工作者（书记除外）总数（约 {round(workers) - t.communities} 名）")
    kinds = {k: getattr(t, k) for k in PARTNER_KIND_KEYS if getattr(t, k) is not None}
    if kinds:
        partners = t.partners if t.partners is not None else default_partners(t)
        need(sum(kinds.values()) <= partners,
             f"机关单位、行业协会、人才工作室合伙人共 {sum(kinds.values())} 家，多于在册幸福合伙人总数 {partners} 家")
    lo, hi = t.grids_per_community
    need(1 <= lo <= hi <= 999, f"每个社区的网格数应在 1 到 999 之间，收到 {lo}–{hi}")


def default_partners(t: Targets) -> int:
    """Partners in service when the targets do not say: about two per community."""
    return round(2.1 * t.communities)


def estimated_deputies(t: Targets) -> int:
    """社区副职 the generator can make: two per community, three where the secretary is not also the
    director, as far as each community's head-count allows (a lower bound: two per community)."""
    workers = round(t.workers_per_10k * t.population / 10_000)
    return max(0, min(2 * t.communities, workers - 2 * t.communities))


def estimated_reserve(t: Targets) -> int:
    """Reserve candidates the generator makes: the 1990s quotas, 15% born in the 1980s, 12% who left."""
    counts = t.reserve_90s if t.reserve_90s is not None else tuple(round(t.communities * r) for r in (0.18, 0.75, 1.17))
    return sum(c + round(c * 0.15) + round(c * 0.12) for c in counts)
