"""Workers and everything hanging off them: certificates, grades, reserves, training, assessment.

The plan (calibrate.py) fixes the head-counts; this module draws everything else so that the
data stay internally consistent: valid ID numbers that agree with birth date and sex, hire
after the 18th birthday, exit after hire, and plausible distributions.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cgw import domain
from cgw.domain import idcard
from cgw.ingest.generator import dates
from cgw.ingest.generator.calibrate import WorkforcePlan
from cgw.ingest.generator.dates import DAY, d64
from cgw.ingest.generator.pools import Pools, draw
from cgw.ingest.generator.regions import RegionTree
from cgw.ingest.generator.targets import SECRETARY_MAX_AGE, SECRETARY_MIN_AGE

YEAR = 365.25


def days(column: pd.Series) -> np.ndarray:
    """A date column as datetime64[D] (pandas 3 stores dates in seconds, which breaks day arithmetic)."""
    return column.to_numpy().astype("datetime64[D]")


def weighted_pick(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """k distinct indices drawn with probability proportional to weights (Efraimidis–Spirakis)."""
    if k <= 0:
        return np.array([], dtype=np.int64)
    keys = np.log(rng.random(len(weights))) / np.maximum(weights, 1e-12)
    return np.argpartition(-keys, k - 1)[:k]


def _ages_with_sum(rng: np.random.Generator, n: int, n_under: int, total: int) -> np.ndarray:
    """n integer ages, exactly n_under of them in [MIN, 39], the rest in [40, MAX], summing to total."""
    under = np.clip(np.rint(rng.normal(35, 3, n_under)), SECRETARY_MIN_AGE, 39)
    over = np.clip(np.rint(rng.normal(46, 4.5, n - n_under)), 40, SECRETARY_MAX_AGE)
    ages = np.concatenate([under, over]).astype(np.int64)
    lo = np.r_[np.full(n_under, SECRETARY_MIN_AGE), np.full(n - n_under, 40)]
    hi = np.r_[np.full(n_under, 39), np.full(n - n_under, SECRETARY_MAX_AGE)]
    diff = total - ages.sum()
    while diff:
        step = 1 if diff > 0 else -1
        movable = np.flatnonzero(ages < hi if step > 0 else ages > lo)
        chosen = rng.choice(movable, size=min(abs(diff), len(movable)), replace=False)
        ages[chosen] += step
        diff -= step * len(chosen)
    return ages[rng.permutation(n)]


def _draw_ages(rng: np.random.Generator, n: int, lo: int, hi: int, peak: float, spread: float) -> np.ndarray:
    values = np.arange(lo, hi + 1)
    w = np.exp(-0.5 * ((values - peak) / spread) ** 2)
    return rng.choice(values, size=n, p=w / w.sum())


def _tenure_back(rng: np.random.Generator, end: np.ndarray, earliest: np.ndarray, mean_years: float) -> np.ndarray:
    """A date before `end` by an exponential tenure, but not before `earliest`."""
    back = np.rint(rng.exponential(mean_years * YEAR, len(end))).astype(np.int64)
    return np.minimum(np.maximum(end - back * DAY, earliest), end)


def build_workforce(
    plan: WorkforcePlan, tree: RegionTree, as_of: dt.date, rng: np.random.Generator, pools: Pools
) -> dict[str, pd.DataFrame]:
    A = d64(as_of)
    year = as_of.year
    jan1 = d64(dt.date(year, 1, 1))
    window4 = d64(dates.shift_years(as_of, -4))  # open recruitment: (window4, as_of]
    window3 = d64(dates.shift_years(as_of, -3))  # new secretaries: (window3, as_of]
    n = plan.secretaries
    W = plan.workers

    # --- active workers: secretaries first (one per community), then the rest ---------------
    others = W - n
    weights = tree.population * rng.lognormal(0, 0.22, n)
    per_comm = np.floor(weights / weights.sum() * others).astype(np.int64)
    per_comm[np.argsort(per_comm - weights / weights.sum() * others)[: others - per_comm.sum()]] += 1
    community = np.r_[np.arange(n), np.repeat(np.arange(n), per_comm)]
    is_sec = np.r_[np.ones(n, bool), np.zeros(others, bool)]

    sec_ages = _ages_with_sum(rng, n, plan.secretaries_under_40, plan.secretary_age_sum)
    n_under_other = plan.under_40 - plan.secretaries_under_40
    other_ages = np.r_[
        _draw_ages(rng, n_under_other, 22, 39, 31, 5.5), _draw_ages(rng, others - n_under_other, 40, 59, 46, 6)
    ]
    age = np.r_[sec_ages, rng.permutation(other_ages)]
    female = np.where(is_sec, rng.random(W) < 0.55, rng.random(W) < 0.72)
    birth = dates.birth_for_age(as_of, age, rng)
    adult = dates.add_years(birth, 21)  # earliest plausible hire: after college

    # Roles inside each community: older colleagues more often hold the deputy posts.
    order = np.lexsort((-(age + rng.normal(0, 6, W)), ~is_sec, community))
    rank = np.empty(W, np.int64)
    first = np.r_[True, community[order][1:] != community[order][:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(W), 0))
    rank[order] = np.arange(W) - start
    sec_title = np.where(rng.random(n) < 0.85, "书记兼主任", "书记")
    needs_director = np.r_[sec_title == "书记", np.zeros(others, bool)]
    director = (rank == 1) & needs_director[community]
    role = np.full(W, "一般社区工作者", dtype=object)
    title = np.full(W, "社区专职工作者", dtype=object)
    role[is_sec] = "社区正职"
    title[is_sec] = sec_title
    role[director] = "社区正职"
    title[director] = "主任"
    deputy = ~is_sec & ~director & (rank >= 1) & (rank <= 2 + needs_director[community])
    role[deputy] = "社区副职"
    title[deputy] = np.where(rng.random(deputy.sum()) < 0.5, "副书记", "副主任")
    committee = (role == "一般社区工作者") & (rank <= 4 + needs_director[community])
    title[committee] = "两委委员"
    building = (role == "一般社区工作者") & ~committee & (rng.random(W) < 0.05)
    role[building] = "楼宇专职工作者"
    title[building] = "楼宇专职工作者"

    # --- hire dates, sources and post dates -------------------------------------------------
    hire = np.empty(W, "datetime64[D]")
    post_since = np.empty(W, "datetime64[D]")
    source = np.empty(W, dtype=object)

    # Open-exam recruits of the last four years: one exam a year, in August.
    batches = np.array(
        [d64(dt.date(y, 8, 1)) + int(rng.integers(0, 21)) * DAY for y in range(year - 5, year + 1)]
    )
    batches = batches[(batches > window4) & (batches <= A)]
    general = np.isin(role, ("一般社区工作者", "楼宇专职工作者")) & (title != "两委委员")
    age_w = np.select([age < 30, age < 35, age < 40, age <= 45], [1.0, 0.7, 0.4, 0.12], 0.0)
    eligible = np.flatnonzero(general & (age_w > 0))
    active_recruits = min(round(plan.open_recruits_4y * 0.93), int(0.9 * len(eligible)))
    recruit_idx = eligible[weighted_pick(rng, age_w[eligible], active_recruits)]
    is_recruit = np.zeros(W, bool)
    is_recruit[recruit_idx] = True

    def batch_for(earliest: np.ndarray) -> np.ndarray:
        lo = np.minimum(np.searchsorted(batches, earliest), len(batches) - 1)
        pick = lo + np.floor(rng.random(len(earliest)) * (len(batches) - lo)).astype(np.int64)
        return batches[pick]

    hire[is_recruit] = batch_for(adult[is_recruit])
    post_since[is_recruit] = hire[is_recruit]
    source[is_recruit] = "公开招聘"

    # Secretaries: some newly appointed (a few this calendar year, so not yet graded).
    sec_idx = np.arange(n)
    young_w = np.clip(60 - sec_ages, 1, None).astype(float)
    new_sec = weighted_pick(rng, young_w, plan.new_secretaries_3y)
    this_year = new_sec[: plan.secretaries_this_year]
    earlier_new = new_sec[plan.secretaries_this_year :]
    old_sec = np.setdiff1d(sec_idx, new_sec)
    post_since[this_year] = dates.uniform_dates(rng, np.full(len(this_year), jan1), np.full(len(this_year), A))
    post_since[earlier_new] = dates.uniform_dates(
        rng, np.full(len(earlier_new), window3 + DAY), np.full(len(earlier_new), jan1 - DAY)
    )
    sec_earliest_post = dates.add_years(birth[old_sec], 23)
    post_since[old_sec] = _tenure_back(rng, np.full(len(old_sec), window3 - DAY), sec_earliest_post, 4.0)
    hire[sec_idx] = _tenure_back(rng, post_since[sec_idx], adult[sec_idx], 5.0)

    # Everyone else: mostly hired before the recruitment window, some filling vacancies inside it.
    rest = np.flatnonzero(~is_sec & ~is_recruit)
    in_window = (adult[rest] > window4) | (rng.random(len(rest)) < 0.12)
    pre = rest[~in_window]
    inw = rest[in_window]
    hire[pre] = _tenure_back(rng, np.full(len(pre), window4), adult[pre], 7.0)
    hire[inw] = dates.uniform_dates(rng, np.maximum(adult[inw], window4 + DAY), np.full(len(inw), A))
    promoted = np.isin(role[rest], ("社区正职", "社区副职"))
    post_since[rest] = np.where(
        promoted, dates.uniform_dates(rng, hire[rest], np.full(len(rest), A)), hire[rest]
    )
    pre_sources = ("公开招聘", "随缺随补", "周转调剂", "选举", "其他")
    nonopen = ("随缺随补", "周转调剂", "选举")
    hired_in_window = hire > window4
    source[~is_recruit & ~hired_in_window] = draw(
        rng, pre_sources, int((~is_recruit & ~hired_in_window).sum()), p=[0.5, 0.2, 0.1, 0.15, 0.05]
    )
    source[~is_recruit & hired_in_window] = draw(
        rng, nonopen, int((~is_recruit & hired_in_window).sum()), p=[0.6, 0.3, 0.1]
    )

    active = pd.DataFrame(
        {
            "community": community,
            "birth": birth,
            "female": female,
            "role": role,
            "title": title,
            "hire": hire,
            "post_since": post_since,
            "source": source,
            "exit": np.full(W, np.datetime64("NaT"), "datetime64[D]"),
            "reason": None,
            "is_sec": is_sec,
            "recruit": is_recruit,
        }
    )

    # --- workers who have left -------------------------------------------------------------
    # Predecessors of the newly appointed secretaries.
    k = len(new_sec)
    pred_exit = post_since[new_sec] - DAY
    pred_reason = draw(
        rng,
        ("退休", "提拔为科级干部", "工作调动", "考录公务员或事业编制", "个人辞职", "玩忽职守推诿扯皮", "连续两年考核不合格"),
        k,
        p=[0.3, 0.12, 0.26, 0.1, 0.12, 0.05, 0.05],
    )
    pred_age = np.where(pred_reason == "退休", rng.integers(55, 60, k), rng.integers(38, 56, k))
    pred_birth = pred_exit - (pred_age * YEAR + rng.integers(0, 300, k)).astype(np.int64) * DAY
    pred_post = _tenure_back(rng, pred_exit - 400 * DAY, dates.add_years(pred_birth, 25), 5.0)
    pred_hire = _tenure_back(rng, pred_post, dates.add_years(pred_birth, 21), 6.0)
    predecessors = pd.DataFrame(
        {
            "community": new_sec,
            "birth": pred_birth,
            "female": rng.random(k) < 0.5,
            "role": "社区正职",
            "title": "书记兼主任",
            "hire": pred_hire,
            "post_since": pred_post,
            "source": np.where(pred_hire > window4, "选举", draw(rng, pre_sources, k, p=[0.5, 0.2, 0.1, 0.15, 0.05])),
            "exit": pred_exit,
            "reason": pred_reason,
            "is_sec": True,
            "recruit": False,
        }
    )

    # Open-exam recruits who have since left.
    k = plan.open_recruits_4y - active_recruits
    r_age_at_hire = rng.integers(22, 35, k)
    r_hire = batches[rng.integers(0, len(batches), k)]
    r_birth = r_hire - (r_age_at_hire * YEAR + rng.integers(0, 300, k)).astype(np.int64) * DAY
    r_exit = np.minimum(r_hire + rng.integers(60, 900, k) * DAY, A)
    left_recruits = pd.DataFrame(
        {
            "community": rng.integers(0, n, k),
            "birth": r_birth,
            "female": rng.random(k) < 0.7,
            "role": "一般社区工作者",
            "title": "社区专职工作者",
            "hire": r_hire,
            "post_since": r_hire,
            "source": "公开招聘",
            "exit": r_exit,
            "reason": draw(rng, ("个人辞职", "考录公务员或事业编制", "合同期满未续聘"), k, p=[0.6, 0.3, 0.1]),
            "is_sec": False,
            "recruit": True,
        }
    )

    # Other exits over the last six years.
    k = round(0.07 * W)
    o_exit = dates.uniform_dates(rng, np.full(k, d64(dates.shift_years(as_of, -6))), np.full(k, A))
    reasons = [r for r, _ in domain.CATEGORIES["exit_reason"]]
    reason_w = np.array([0.3, 0.13, 0.1, 0.01, 0.14, 0.16, 0.06, 0.03, 0.02, 0.02, 0.01, 0.02])
    o_reason = draw(rng, reasons, k, p=reason_w / reason_w.sum())
    o_age = np.where(o_reason == "退休", rng.integers(55, 61, k), rng.integers(24, 55, k))
    o_birth = o_exit - (o_age * YEAR + rng.integers(0, 300, k)).astype(np.int64) * DAY
    long_tenure = o_reason == "连续两年考核不合格"
    o_hire = _tenure_back(rng, o_exit - np.where(long_tenure, 1200, 30) * DAY, dates.add_years(o_birth, 21), 5.0)
    o_hire_in_window = o_hire > window4
    exited = pd.DataFrame(
        {
            "community": rng.integers(0, n, k),
            "birth": o_birth,
            "female": rng.random(k) < 0.7,
            "role": "一般社区工作者",
            "title": "社区专职工作者",
            "hire": o_hire,
            "post_since": o_hire,
            "source": np.where(
                o_hire_in_window, draw(rng, nonopen, k), draw(rng, pre_sources, k, p=[0.5, 0.2, 0.1, 0.15, 0.05])
            ),
            "exit": o_exit,
            "reason": o_reason,
            "is_sec": False,
            "recruit": False,
        }
    )

    people = pd.concat([active, predecessors, left_recruits, exited], ignore_index=True)
    people["active"] = people["exit"].isna()
    total = len(people)

    # --- personal attributes -----------------------------------------------------------------
    area = np.array([int(c[:6]) for c in tree.community_ids], dtype=np.int64)[people["community"].to_numpy()]
    elsewhere = rng.random(total) < 0.15
    area[elsewhere] = draw(rng, (370702, 370703, 370704, 370781, 370782, 370783, 370784, 370785, 370786,
                                 371302, 370102, 140105, 141002, 141081), int(elsewhere.sum()))  # fmt: skip
    male = ~people["female"].to_numpy()
    people["id_number"] = idcard.make_ids(area, days(people["birth"]), male, rng)
    names = np.where(
        male, draw(rng, pools.male_names, total), draw(rng, pools.female_names, total)
    )
    people["name"] = names
    people["gender"] = np.where(male, "男", "女")
    people["phone"] = np.char.add(
        draw(rng, ("13", "15", "18", "17", "19"), total), np.char.zfill(rng.integers(0, 10**9, total).astype(str), 9)
    )
    eth_values = ("汉族", "回族", "满族", "蒙古族", "朝鲜族")
    people["ethnicity"] = draw(rng, eth_values, total, p=[0.985, 0.007, 0.004, 0.002, 0.002])

    # Education: exactly plan.college active workers hold 大专 or above; secretaries nearly always.
    people_age = ((A - days(people["birth"])).astype(np.int64) / YEAR)
    act = np.flatnonzero(people["active"].to_numpy())
    college_w = np.where(people["is_sec"].to_numpy()[act], 50.0, np.where(people_age[act] < 40, 1.0, 0.45))
    college = np.zeros(total, bool)
    college[act[weighted_pick(rng, college_w, plan.college)]] = True
    gone = np.flatnonzero(~people["active"].to_numpy())
    college[gone] = rng.random(len(gone)) < 0.85
    people["education"] = np.where(
        college,
        draw(rng, ("研究生", "本科", "大专"), total, p=[0.05, 0.52, 0.43]),
        draw(rng, ("中专·高中", "初中及以下"), total, p=[0.85, 0.15]),
    )

    party_values = ("中共党员", "中共预备党员", "共青团员", "民盟盟员", "九三学社社员", "群众")
    party = draw(rng, party_values, total, p=[0.42, 0.04, 0.12, 0.01, 0.01, 0.40])
    young = people_age < 28
    party = np.where(~young & (party == "共青团员"), "群众", party)
    leader = people["role"].isin(["社区正职", "社区副职"]).to_numpy()
    party = np.where(leader & (rng.random(total) < 0.88), "中共党员", party)
    party = np.where(people["is_sec"].to_numpy(), "中共党员", party)
    people["political_status"] = party

    lo_hi = np.array([domain.POST_LEVEL_RANGE[r] for r in people["role"]])
    tenure = np.clip(((A - days(people["hire"])).astype(np.int64) / YEAR) / 25 + rng.normal(0, 0.1, total), 0, 0.999)
    people["post_level"] = (lo_hi[:, 0] + np.floor(tenure * (lo_hi[:, 1] - lo_hi[:, 0] + 1))).astype(np.int8)

    # Stable order: by community, then hire date, so ids and storage follow the region tree.
    people = people.sort_values(["community", "hire"], kind="stable").reset_index(drop=True)
    people["worker_id"] = [f"W{i:07d}" for i in range(1, len(people) + 1)]
    people["community_id"] = tree.community_ids[people["community"].to_numpy()]
    status_of = {r: domain.EXIT_STATUS_BY_REASON[r] for r in domain.EXIT_STATUS_BY_REASON}
    people["status"] = people["reason"].map(status_of).fillna("在岗")

    workers = pd.DataFrame(
        {
            "worker_id": people["worker_id"],
            "name": people["name"],
            "gender": people["gender"],
            "id_number": people["id_number"],
            "birth_date": people["birth"],
            "ethnicity": people["ethnicity"],
            "political_status": people["political_status"],
            "education": people["education"],
            "community_id": people["community_id"],
            "role_category": people["role"],
            "post_title": people["title"],
            "post_level": people["post_level"],
            "source": people["source"],
            "hire_date": people["hire"],
            "post_since": people["post_since"],
            "status": people["status"],
            "exit_date": people["exit"],
            "exit_reason": people["reason"],
            "phone": people["phone"],
        }
    )
    return {
        "workers": workers,
        "certificates": _certificates(plan, people, as_of, rng),
        "secretary_grades": _secretary_grades(people, as_of, rng),
        **_reserve(plan, people, tree, as_of, rng, pools),
        "trainings": _trainings(people, as_of, rng),
        "assessments": _assessments(people, as_of, rng),
    }


def _certificates(plan: WorkforcePlan, people: pd.DataFrame, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    A = d64(as_of)
    total = len(people)
    active = people["active"].to_numpy()
    act = np.flatnonzero(active)
    college = people["education"].isin(domain.COLLEGE_EDUCATION).to_numpy()
    hire = days(people["hire"])
    w = np.where(college[act], 1.0, 0.35) * np.where(people["is_sec"].to_numpy()[act], 2.5, 1.0)
    w *= np.where((A - hire[act]).astype(np.int64) > 365, 1.5, 1.0)
    holder = np.zeros(total, bool)
    holder[act[weighted_pick(rng, w, plan.certified)]] = True
    gone = np.flatnonzero(~active)
    holder[gone] = rng.random(len(gone)) < 0.35
    idx = np.flatnonzero(holder)
    end = np.where(active[idx], A, days(people["exit"])[idx])
    earliest = np.maximum(dates.add_years(days(people["birth"])[idx], 22), hire[idx] - 3 * 365 * DAY)
    top_date = dates.uniform_dates(rng, earliest, end)
    level = draw(rng, ("助理社会工作师", "社会工作师", "高级社会工作师"), len(idx), p=[0.65, 0.31, 0.04])
    rows = [pd.DataFrame({"worker_id": people["worker_id"].to_numpy()[idx], "level": level, "obtained_on": top_date})]
    # Many intermediate holders passed the assistant exam first; senior holders hold intermediate.
    for lower, upper, share in (("助理社会工作师", "社会工作师", 0.6), ("社会工作师", "高级社会工作师", 1.0)):
        m = (level == upper) & (rng.random(len(idx)) < share)
        earlier = dates.uniform_dates(rng, earliest[m], top_date[m])
        rows.append(pd.DataFrame({"worker_id": people["worker_id"].to_numpy()[idx][m], "level": lower, "obtained_on": earlier}))
    return pd.concat(rows, ignore_index=True).sort_values(["worker_id", "obtained_on"]).reset_index(drop=True)


def _grade_counts(k: int) -> list[int]:
    """1:3:6 head-counts for k secretaries: exact when k is a multiple of 10, otherwise each
    within one of its quota (largest remainders get the leftover places)."""
    ratio = (1, 3, 6)
    counts = [k * r // 10 for r in ratio]
    by_remainder = sorted(range(3), key=lambda i: -((k * ratio[i]) % 10))
    for i in by_remainder[: k - sum(counts)]:
        counts[i] += 1
    return counts


def _secretary_grades(people: pd.DataFrame, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    """一年一评: every secretary in post on 1 January is graded for that year.

    Those still in post on the as-of date are graded exactly 1:3:6 (when their number allows);
    predecessors who left later in the year are graded at random in the same proportions.
    """
    sec = people[people["is_sec"]]
    rows = []
    for year in range(as_of.year - 2, as_of.year + 1):
        jan1 = d64(dt.date(year, 1, 1))
        in_post = sec[(sec["post_since"] < jan1) & (sec["exit"].isna() | (sec["exit"] >= jan1))]
        stays = in_post[in_post["active"]]
        went = in_post[~in_post["active"]]
        went_grades = draw(rng, ("一等", "二等", "三等"), len(went), p=[0.1, 0.3, 0.6])
        perm = rng.permutation(len(stays))
        # 1:3:6 is each district's quota (a province dataset grades its districts separately).
        district = stays["community_id"].str[:6].to_numpy()[perm]
        stay_grades = np.empty(len(stays), dtype=object)
        for d in np.unique(district):
            in_d = district == d
            stay_grades[in_d] = np.repeat(["一等", "二等", "三等"], _grade_counts(int(in_d.sum())))
        grades = np.r_[stay_grades, went_grades]
        ids = np.r_[stays["worker_id"].to_numpy()[perm], went["worker_id"].to_numpy()]
        rows.append(pd.DataFrame({"worker_id": ids, "year": year, "grade": grades, "effective_from": jan1}))
    return pd.concat(rows, ignore_index=True)


def _reserve(
    plan: WorkforcePlan, people: pd.DataFrame, tree: RegionTree, as_of: dt.date, rng: np.random.Generator, pools: Pools
) -> dict[str, pd.DataFrame]:
    """The reserve pool: plan.reserve_90s candidates born in the 1990s per target post, plus others."""
    A = d64(as_of)
    posts = ("正职", "副职", "两委成员")
    counts_90s = np.array(plan.reserve_90s)
    extra_80s = np.rint(counts_90s * 0.15).astype(int)
    left = np.rint(counts_90s * 0.12).astype(int)
    post = np.concatenate([np.repeat(posts, counts_90s), np.repeat(posts, extra_80s), np.repeat(posts, left)])
    k = len(post)
    kind = np.r_[np.zeros(counts_90s.sum(), int), np.ones(extra_80s.sum(), int), np.full(left.sum(), 2)]
    lo = np.where(kind == 1, d64(dt.date(1983, 1, 1)), d64(dt.date(1990, 1, 1)))
    hi = np.where(kind == 1, d64(dt.date(1989, 12, 31)), d64(dt.date(1999, 12, 31)))
    birth = dates.uniform_dates(rng, lo, np.minimum(hi, d64(dates.shift_years(as_of, -22))))
    female = rng.random(k) < 0.55
    community = rng.integers(0, len(tree.community_ids), k)
    worker_id = np.full(k, None, dtype=object)
    name = np.where(female, draw(rng, pools.female_names, k), draw(rng, pools.male_names, k))

    # Most head and deputy candidates already work in a community: link them to their record.
    staff = people[people["active"] & ~people["is_sec"]]
    staff_year = dates.year_of(days(staff["birth"]))
    want_link = (post != "两委成员") | (rng.random(k) < 0.3)
    for born_80s in (False, True):
        slots = np.flatnonzero(want_link & ((kind == 1) == born_80s))
        lo_year, hi_year = (1983, 1989) if born_80s else (1990, 1999)
        pool = np.flatnonzero((staff_year >= lo_year) & (staff_year <= hi_year))
        pool = pool[rng.permutation(len(pool))]
        m = min(len(slots), len(pool))
        slots, rows = slots[:m], staff.iloc[pool[:m]]
        worker_id[slots] = rows["worker_id"].to_numpy()
        birth[slots] = days(rows["birth"])
        female[slots] = rows["female"].to_numpy()
        name[slots] = rows["name"].to_numpy()
        community[slots] = rows["community"].to_numpy()

    entered = dates.uniform_dates(rng, np.full(k, d64(dates.shift_years(as_of, -3))), np.full(k, A))
    entered = np.maximum(entered, dates.add_years(birth, 20))
    left_on = np.where(kind == 2, dates.uniform_dates(rng, entered, np.full(k, A)), np.datetime64("NaT"))
    status = np.where(kind == 2, draw(rng, ("已使用", "已出库"), k, p=[0.7, 0.3]), "在库")

    area = np.array([int(c[:6]) for c in tree.community_ids], dtype=np.int64)[community]
    ids = idcard.make_ids(area, birth, ~female, rng)
    linked = worker_id != None  # noqa: E711 - elementwise comparison on an object array
    id_of = dict(zip(people["worker_id"], people["id_number"]))
    ids = np.where(linked, [id_of.get(w, "") for w in worker_id], ids)
    # An external candidate's fresh ID must not collide with any worker's.
    worker_ids = set(people["id_number"])
    clash = ~linked & np.fromiter((i in worker_ids for i in ids), bool, len(ids))
    if clash.any():
        ids[clash] = idcard.make_ids(area[clash] + 1, birth[clash], ~female[clash], rng)
    reserve = pd.DataFrame(
        {
            "candidate_id": [f"R{i:06d}" for i in range(1, k + 1)],
            "name": name,
            "gender": np.where(female, "女", "男"),
            "id_number": ids,
            "birth_date": birth,
            "community_id": tree.community_ids[community],
            "worker_id": worker_id,
            "target_post": post,
            "entered_on": entered,
            "status": status,
            "left_on": left_on,
        }
    )
    return {"reserve_candidates": reserve}


PROGRAMME_HOURS = {"适岗初任": 40, "青雁成长": 24, "头雁领航": 32, "社会工作者专题班": 16, "现场教学": 4, "治理沙龙": 3}


def _trainings(people: pd.DataFrame, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    A = d64(as_of)
    span_start = d64(dates.shift_years(as_of, -3))
    hire = days(people["hire"])
    end = days(people["exit"].fillna(pd.Timestamp(as_of)))
    start = np.maximum(hire, span_start)
    present = start <= end
    age = (A - days(people["birth"])).astype(np.int64) / YEAR
    is_sec = people["is_sec"].to_numpy()
    wid = people["worker_id"].to_numpy()
    parts = []

    def add(mask: np.ndarray, programme: str, first: np.ndarray, last: np.ndarray) -> None:
        idx = np.flatnonzero(mask & present & (first <= last))
        if len(idx):
            parts.append(
                pd.DataFrame({"worker_id": wid[idx], "programme": programme,
                              "start_date": dates.uniform_dates(rng, first[idx], last[idx])})
            )

    # Induction within two months of hire for everyone hired in the span.
    add(hire >= span_start, "适岗初任", hire, np.minimum(hire + 60 * DAY, end))
    for year_back in range(3):
        lo = np.maximum(start, d64(dates.shift_years(as_of, -(year_back + 1))) + DAY)
        hi = np.minimum(end, d64(dates.shift_years(as_of, -year_back)))
        add((age < 35) & (rng.random(len(people)) < 0.35), "青雁成长", lo, hi)
        add(is_sec, "头雁领航", lo, hi)
        add(rng.random(len(people)) < 0.25, "社会工作者专题班", lo, hi)
        add(rng.random(len(people)) < 0.4, "现场教学", lo, hi)
    # Seven salons for young workers and reserve talent.
    salon_days = dates.uniform_dates(rng, np.full(7, span_start), np.full(7, A))
    for day in salon_days:
        pool = np.flatnonzero(present & (age < 36) & (start <= day) & (end >= day))
        chosen = pool[rng.permutation(len(pool))[: min(30, len(pool))]]
        parts.append(pd.DataFrame({"worker_id": wid[chosen], "programme": "治理沙龙", "start_date": day}))
    out = pd.concat(parts, ignore_index=True).sort_values(["start_date", "worker_id"], kind="stable")
    out = out.reset_index(drop=True)
    out.insert(0, "training_id", np.arange(1, len(out) + 1, dtype=np.int64))
    out["hours"] = out["programme"].map(PROGRAMME_HOURS).astype(float)
    out["result"] = draw(rng, ("优秀", "合格", "不合格"), len(out), p=[0.18, 0.79, 0.03])
    return out


def _assessments(people: pd.DataFrame, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    """Annual assessment of everyone in post for the whole second half of each past year."""
    hire = days(people["hire"])
    exit_ = days(people["exit"])
    effect = rng.normal(0, 3, len(people))
    parts = []
    for year in range(as_of.year - 6, as_of.year):
        in_post = (hire <= d64(dt.date(year, 6, 30))) & (np.isnat(exit_) | (exit_ > d64(dt.date(year, 12, 31))))
        idx = np.flatnonzero(in_post)
        m = len(idx)
        scores = [np.clip(np.round(rng.normal(mu, sd, m) + effect[idx], 1), 40, 100) for mu, sd in ((86, 5), (85, 6), (88, 5))]
        parts.append(pd.DataFrame({"row": idx, "year": year, "routine_score": scores[0],
                                   "annual_score": scores[1], "client_score": scores[2]}))
    out = pd.concat(parts, ignore_index=True)
    # Workers who left for two failed years really did fail the two years before they left.
    failed = (people["reason"] == "连续两年考核不合格").to_numpy()
    exit_year = dates.year_of(exit_.astype("datetime64[D]"))
    fail_rows = failed[out["row"]] & (out["year"].to_numpy() >= exit_year[out["row"]] - 2)
    for col in ("routine_score", "annual_score", "client_score"):
        out.loc[fail_rows, col] = np.round(rng.uniform(45, 56, int(fail_rows.sum())), 1)
    out["worker_id"] = people["worker_id"].to_numpy()[out["row"]]
    out["role_category"] = people["role"].to_numpy()[out["row"]]
    w = np.array([domain.ASSESSMENT_WEIGHTS[r] for r in out["role_category"]])
    composite = (out[["routine_score", "annual_score", "client_score"]].to_numpy() * w).sum(axis=1)
    grade = np.full(len(out), "不称职", dtype=object)
    for cutoff, name in reversed(domain.ASSESSMENT_GRADE_CUTOFFS[:-1]):
        grade[composite >= cutoff] = name
    out["grade"] = grade
    return out[["worker_id", "year", "role_category", "routine_score", "annual_score", "client_score", "grade"]]
