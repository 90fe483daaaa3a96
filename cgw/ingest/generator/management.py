"""Managing the workforce (version 6): 胜任力测评, 借调 and 考核结果运用.

- Competency: one round a year (30 June) for everyone in post, on each dimension of the model;
  digital skills and emergency response are the weak ones, so 10–20% of scores fall below 60.
- Secondments: a handful in the past; 奎文's 借调规范专项行动 ended them all (专职专干), elsewhere
  a few are still running on the as-of date (exactly `workers_on_secondment` when given).
- Outcomes: every annual assessment leads to 绩效工资; 续聘 for those rated 称职 or better (and
  基本称职), with 诫勉谈话 or 降职使用 for the latter; 不称职 leads to 解聘 (the workers who left for
  two failed years), 责令辞职, 降职使用 or 诫勉谈话.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cgw import domain
from cgw.ingest.generator import dates
from cgw.ingest.generator.dates import DAY, d64
from cgw.ingest.generator.regions import RegionTree
from cgw.ingest.generator.targets import TargetError, Targets
from cgw.ingest.generator.workforce import days

# Mean score per dimension (domain.COMPETENCY_DIMENSIONS order) and how age shifts it per year over 40.
DIMENSION_MEANS = {"political": 80.0, "mass_work": 75.5, "rule_of_law": 73.0, "emergency": 65.0,
                   "coordination": 75.0, "digital": 63.5}
AGE_SLOPE = {"digital": -0.45, "emergency": 0.2, "mass_work": 0.2}
ROUNDS = 3  # this year's round and the two before it


def competency_scores(workers: pd.DataFrame, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    A = d64(as_of)
    hire = days(workers["hire_date"])
    exit_ = days(workers["exit_date"])
    birth = days(workers["birth_date"])
    dims = [d[0] for d in domain.COMPETENCY_DIMENSIONS]
    means = np.array([DIMENSION_MEANS.get(d, 74.0) for d in dims])
    slopes = np.array([AGE_SLOPE.get(d, 0.0) for d in dims])
    ability = rng.normal(0, 5, len(workers))
    who, dim, when, score = [], [], [], []
    for k, year in enumerate(range(as_of.year - ROUNDS + 1, as_of.year + 1)):
        day = min(d64(dt.date(year, 6, 30)), A)  # this year's round: by the as-of date at the latest
        idx = np.flatnonzero((hire <= day - 60 * DAY) & (np.isnat(exit_) | (exit_ > day)))
        age = (day - birth[idx]).astype(np.int64) / 365.25
        mean = means[None, :] + slopes[None, :] * (age[:, None] - 40) + 1.2 * k + ability[idx, None]
        s = np.clip(np.round(mean + rng.normal(0, 9, mean.shape), 1), 30, 100)
        who.append(np.repeat(idx, len(dims)))
        dim.append(np.tile(np.arange(len(dims)), len(idx)))
        when.append(np.full(s.size, day))
        score.append(s.ravel())
    who = np.concatenate(who)
    return pd.DataFrame(
        {
            "worker_id": pd.Categorical.from_codes(who, categories=list(workers["worker_id"])),
            "dimension_id": pd.Categorical.from_codes(np.concatenate(dim), categories=dims),
            "assessed_on": np.concatenate(when).astype("datetime64[D]"),
            "score": np.concatenate(score),
        }
    )


def secondments(
    t: Targets, tree: RegionTree, workers: pd.DataFrame, as_of: dt.date, rng: np.random.Generator
) -> pd.DataFrame:
    A = d64(as_of)
    n_comm = len(tree.community_ids)
    prefix = "县" if t.root.name.endswith("县") else "区"
    street_name = dict(zip(tree.regions["region_id"], tree.regions["name"]))
    active_n = t.workers_on_secondment if t.workers_on_secondment is not None else round(0.04 * n_comm)
    past_n = max(3, round(0.08 * n_comm))
    role = workers["role_category"].to_numpy()
    active = workers["exit_date"].isna().to_numpy()
    hire = days(workers["hire_date"])
    general = np.flatnonzero(active & (role == "一般社区工作者") & (hire <= A - 400 * DAY))
    if active_n > len(general):
        raise TargetError(f"被借调社区工作者 {active_n} 名多于在岗一般社区工作者 {len(general)} 名")
    chosen = general[rng.permutation(len(general))]
    now, past = chosen[:active_n], chosen[active_n : active_n + past_n]
    if len(past) < past_n:  # a small district: some were borrowed twice
        past = np.r_[past, chosen[rng.integers(0, len(chosen), past_n - len(past))]] if len(chosen) else past
    # The past ones ended by the 借调规范专项行动 (half a year before the as-of date) where nobody is borrowed now.
    cutoff = A - 200 * DAY if active_n == 0 else A - 30 * DAY
    p_start = dates.uniform_dates(rng, np.maximum(hire[past] + 90 * DAY, A - 3 * 365 * DAY), np.full(len(past), cutoff - 60 * DAY))
    p_end = np.minimum(p_start + rng.integers(30, 240, len(past)) * DAY, cutoff)
    n_start = dates.uniform_dates(rng, np.full(len(now), A - 300 * DAY), np.full(len(now), A - 10 * DAY))
    who = np.r_[now, past]
    started = np.r_[n_start, p_start]
    ended = np.r_[np.full(len(now), np.datetime64("NaT"), "datetime64[D]"), p_end]
    n = len(who)
    kind = rng.choice(3, size=n, p=[0.5, 0.35, 0.15])  # 区直部门, 街道, 其他单位
    departments = ("委组织部", "民政局", "信访局", "住建局", "委宣传部", "城管局", "应急管理局")
    others = ("创城办", "征迁指挥部", "融媒体中心", "项目建设指挥部")
    comm = workers["community_id"].to_numpy()[who]
    borrower = np.where(
        kind == 0, np.char.add(prefix, np.asarray(departments)[rng.integers(0, len(departments), n)]),
        np.where(kind == 1, [street_name.get(c[:9], "街道") + "办事处" for c in comm],
                 np.char.add(prefix, np.asarray(others)[rng.integers(0, len(others), n)])))
    order = np.lexsort((who, started))
    return pd.DataFrame(
        {
            "secondment_id": np.arange(1, n + 1, dtype=np.int64),
            "worker_id": workers["worker_id"].to_numpy()[who[order]],
            "borrower": borrower[order],
            "borrower_kind": pd.Categorical.from_codes(kind[order], categories=list(domain.values("borrower_kind"))),
            "started_on": started[order],
            "ended_on": ended[order],
        }
    )


def assessment_outcomes(
    workers: pd.DataFrame, assessments: pd.DataFrame, as_of: dt.date, rng: np.random.Generator
) -> pd.DataFrame:
    A = d64(as_of)
    a = assessments
    n = len(a)
    w_index = pd.Index(workers["worker_id"])
    row = w_index.get_indexer(a["worker_id"])
    exit_ = days(workers["exit_date"])[row]
    reason = workers["exit_reason"].to_numpy()[row]
    year = a["year"].to_numpy().astype(np.int64)
    grade = a["grade"].to_numpy()
    leader = np.isin(a["role_category"].to_numpy(), ("社区正职", "社区副职"))
    # Decided in January–February after the year, never after the as-of date.
    jan = (year + 1 - 1970).astype("datetime64[Y]").astype("datetime64[D]") + 9 * DAY
    decided = np.minimum(jan + rng.integers(0, 50, n) * DAY, A)
    in_post = np.isnat(exit_) | (exit_ > decided)
    exit_year = dates.year_of(exit_)
    dismissed = (grade == "不称职") & (reason == "连续两年考核不合格") & (exit_year == year + 1)
    r = rng.random(n)
    parts = [("绩效工资", np.ones(n, bool))]
    parts.append(("续聘", np.isin(grade, ("优秀", "称职", "基本称职")) & in_post))
    parts.append(("解聘", dismissed))
    basic, failed = grade == "基本称职", (grade == "不称职") & ~dismissed
    parts.append(("降职使用", (basic & leader & (r < 0.25)) | (failed & leader & (r < 0.4))))
    parts.append(("责令辞职", failed & (r >= 0.85)))
    parts.append(("诫勉谈话", (basic & ~(leader & (r < 0.25)) & (r < 0.7)) | (failed & ~(leader & (r < 0.4)) & (r < 0.85))))
    outcomes = list(domain.values("assessment_outcome"))
    rows, codes, decided_on = [], [], []
    for outcome, mask in parts:
        idx = np.flatnonzero(mask)
        rows.append(idx)
        codes.append(np.full(len(idx), outcomes.index(outcome)))
        decided_on.append(exit_[idx] if outcome == "解聘" else decided[idx])  # 解聘: the day the contract ended
    rows, codes, decided_on = np.concatenate(rows), np.concatenate(codes), np.concatenate(decided_on)
    order = np.lexsort((codes, rows))
    rows, codes, decided_on = rows[order], codes[order], decided_on[order]
    return pd.DataFrame(
        {
            "worker_id": pd.Categorical.from_codes(row[rows], categories=list(workers["worker_id"])),
            "year": year[rows].astype(np.int32),
            "outcome": pd.Categorical.from_codes(codes, categories=outcomes),
            "decided_on": decided_on.astype("datetime64[D]"),
        }
    )
