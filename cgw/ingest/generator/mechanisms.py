"""奎文's training mechanisms (version 6): 兴村治社好书记工作室, 跟班实训, 治理沙龙, 跨岗位/跨社区锻炼
and the training base (现场教学点, 合作院校, 师资库, 特色课程, 精品专题).

A count the targets give is hit exactly on the as-of date over the whole dataset (as the catalogue
counts it); a count they leave open is sized to the district.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cgw.ingest.generator import dates
from cgw.ingest.generator.dates import DAY, d64
from cgw.ingest.generator.grids import Grids, community_index
from cgw.ingest.generator.regions import RegionTree, _split
from cgw.ingest.generator.targets import TargetError, Targets
from cgw.ingest.generator.workforce import days, weighted_pick

SHANDONG_COLLEGES = (
    "山东大学", "山东科技职业学院", "潍坊学院", "潍坊职业学院", "山东师范大学", "青岛大学", "中国海洋大学",
    "山东第二医科大学", "山东农业大学", "潍坊科技学院", "潍坊工程职业学院", "中共潍坊市委党校", "济南大学",
    "山东财经大学", "山东理工大学", "山东政法学院", "山东青年政治学院", "山东女子学院", "山东管理学院",
    "山东劳动职业技术学院", "潍坊护理职业学院", "山东工程职业技术大学",
)  # fmt: skip
SHANXI_COLLEGES = (
    "山西大学", "山西师范大学", "临汾职业技术学院", "山西财经大学", "太原理工大学", "山西医科大学", "中北大学",
    "山西农业大学", "山西大学商务学院", "山西工程科技职业大学", "中共临汾市委党校", "山西管理职业学院",
    "山西青年职业学院", "山西警察学院", "太原师范学院", "运城学院",
)  # fmt: skip
TEACHER_POOLS = ("学者智库", "实务专家库", "一线精英库", "青年讲师库", "外聘专家库")
FEATURED_COURSES = (
    "党建引领小区治理", "物业管理服务提升", "居民议事协商", "网格化服务管理", "社区应急管理", "智慧社区建设",
    "社区社会组织培育", "矛盾纠纷调解", "老旧小区改造", "社区文化营造", "志愿服务项目化运作", "社区工作方法",
)  # fmt: skip
SPECIAL_TOPICS = (
    "“幸福家园”建设", "社区书记领导力", "基层治理数字化", "红色物业", "新就业群体服务", "社区服务项目设计",
    "社会工作职业伦理", "“一老一小”服务",
)  # fmt: skip
SALON_TOPICS = (
    "小区治理难题破解", "物业矛盾化解", "居民议事会怎么开", "网格员的一天", "社区服务项目设计", "数字赋能社区治理",
    "青年社工成长", "老旧小区改造中的群众工作", "志愿服务积分管理", "应急处置实战",
)  # fmt: skip
CROSS_POSTS = ("网格长", "党建专干", "小区党支部书记", "民生服务专干", "综治专干")
HOST_POSTS = ("挂职社区副书记", "挂职社区副主任", "包靠重点小区")
BATCH_DAYS = 90  # a 跟班实训 placement lasts about three months


def _districts(tree: RegionTree) -> np.ndarray:
    return np.unique([s[:6] for s in tree.street_ids])


def _names(pool: tuple[str, ...], k: int, rng: np.random.Generator, first: int = 0) -> list[str]:
    """k distinct names: the first `first` of the pool in order, then the rest shuffled, then numbered."""
    head, tail = list(pool[:first]), list(pool[first:])
    order = head + [tail[i] for i in rng.permutation(len(tail))]
    return [order[i] if i < len(order) else f"{order[i % len(order)]}（{i // len(order) + 1}）" for i in range(k)]


def build_mechanisms(
    t: Targets, tree: RegionTree, grids: Grids, frames: dict[str, pd.DataFrame], as_of: dt.date,
    rng: np.random.Generator,
) -> dict[str, pd.DataFrame]:
    workers = frames["workers"]
    studios = _studios(t, tree, workers, as_of, rng)
    return {
        "studios": studios,
        "shadow_placements": _placements(t, tree, workers, frames["reserve_candidates"], studios, as_of, rng),
        "salons": _salons(t, tree, frames["trainings"], as_of, rng),
        "rotations": _rotations(t, tree, workers, as_of, rng),
        "training_resources": _resources(t, tree, grids, as_of, rng),
    }


def _studios(t: Targets, tree: RegionTree, workers: pd.DataFrame, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    """Studios led by experienced secretaries in post; one earlier studio closed with its leader's exit."""
    A = d64(as_of)
    n_comm = len(tree.community_ids)
    k = t.studios if t.studios is not None else max(1, round(n_comm / 6.5))
    secretary = workers["post_title"].isin(("书记", "书记兼主任")).to_numpy()
    active = workers["exit_date"].isna().to_numpy()
    post = days(workers["post_since"])
    sec = np.flatnonzero(secretary & active)
    if k > len(sec):
        raise TargetError(f"书记工作室 {k} 个多于在任社区书记 {len(sec)} 名：每个工作室由一名在任书记领办")
    experience = (A - post[sec]).astype(np.int64) / 365.25
    leaders = sec[weighted_pick(rng, 1.0 + np.clip(experience, 0, 15), k)]
    leaders = leaders[np.argsort(workers["worker_id"].to_numpy()[leaders])]
    founded = dates.uniform_dates(rng, np.maximum(post[leaders], A - 3 * 365 * DAY), np.full(k, A - 60 * DAY))
    closed = np.full(k, np.datetime64("NaT"), "datetime64[D]")
    # Predecessors who ran a studio until they left (closed before the as-of date, so not counted).
    gone = np.flatnonzero(secretary & ~active)
    exit_ = days(workers["exit_date"])
    gone = gone[(exit_[gone] - post[gone]).astype(np.int64) > 500]
    extra = gone[rng.permutation(len(gone))[: k // 8]]
    leaders_all = np.r_[leaders, extra]
    founded = np.r_[founded, dates.uniform_dates(rng, post[extra] + 180 * DAY, exit_[extra] - 200 * DAY)]
    closed = np.r_[closed, exit_[extra]]
    names = workers["name"].to_numpy()[leaders_all]
    m = len(leaders_all)
    return pd.DataFrame(
        {
            "studio_id": [f"ST{i:05d}" for i in range(1, m + 1)],
            "name": [f"{nm}“兴村治社好书记”工作室" for nm in names],
            "community_id": workers["community_id"].to_numpy()[leaders_all],
            "leader_id": workers["worker_id"].to_numpy()[leaders_all],
            "founded_on": founded,
            "closed_on": closed,
        }
    )


def _placements(
    t: Targets, tree: RegionTree, workers: pd.DataFrame, reserve: pd.DataFrame, studios: pd.DataFrame,
    as_of: dt.date, rng: np.random.Generator,
) -> pd.DataFrame:
    """跟班实训 in batches: reserve candidates (then young workers) placed with a studio or a host community."""
    A = d64(as_of)
    n_comm = len(tree.community_ids)
    k = t.shadow_trainees if t.shadow_trainees is not None else round(1.1 * n_comm)
    n_batches = 5
    batch_day = np.array([A - 30 * DAY - (n_batches - 1 - b) * 180 * DAY for b in range(n_batches)])
    # Candidates: in the pool on some batch date.
    entered = days(reserve["entered_on"])
    left = days(reserve["left_on"])
    eligible = (batch_day[None, :] >= entered[:, None]) & (np.isnat(left)[:, None] | (batch_day[None, :] <= left[:, None]))
    can = np.flatnonzero(eligible.any(axis=1))
    w = np.where(reserve["status"].to_numpy()[can] == "在库", 3.0, 1.0)
    w *= np.where(reserve["target_post"].to_numpy()[can] == "两委成员", 0.6, 1.0)
    chosen = can[weighted_pick(rng, w, min(k, len(can)))]
    chosen.sort()
    # Then young workers who are not candidates themselves.
    rest = k - len(chosen)
    hire = days(workers["hire_date"])
    exit_ = days(workers["exit_date"])
    age = (A - days(workers["birth_date"])).astype(np.int64) / 365.25
    linked = set(reserve["worker_id"].dropna())
    general = workers["role_category"].isin(("一般社区工作者", "楼宇专职工作者")).to_numpy()
    w_ok = (batch_day[None, :] >= hire[:, None] + 180 * DAY) & (
        np.isnat(exit_)[:, None] | (batch_day[None, :] + BATCH_DAYS * DAY <= exit_[:, None]))
    pool = np.flatnonzero(general & w_ok.any(axis=1) & ~workers["worker_id"].isin(linked).to_numpy())
    if rest > len(pool):
        raise TargetError(f"跟班实训 {k} 人多于可选派的后备人才和一般社区工作者（{len(can) + len(pool)} 人）")
    extra = pool[weighted_pick(rng, np.clip(45 - age[pool], 1, None), rest)] if rest > 0 else np.array([], np.int64)
    extra.sort()

    ok = np.r_[eligible[chosen], w_ok[extra]]
    candidate_id = np.r_[reserve["candidate_id"].to_numpy()[chosen], np.full(len(extra), None)]
    worker_id = np.r_[reserve["worker_id"].to_numpy()[chosen], workers["worker_id"].to_numpy()[extra]]
    home = np.r_[community_index(tree, reserve["community_id"].to_numpy()[chosen]),
                 community_index(tree, workers["community_id"].to_numpy()[extra])].astype(np.int64)
    # Each trainee's batch: a random eligible one; some come back for a second, later batch.
    who, batch_all = [], []
    for i, row in enumerate(ok):
        options = np.flatnonzero(row)
        b = options[rng.integers(len(options))]
        who.append(i)
        batch_all.append(b)
        later = options[options > b]
        if len(later) and rng.random() < 0.15:
            who.append(i)
            batch_all.append(later[rng.integers(len(later))])
    who = np.array(who, dtype=np.int64)
    batch_all = np.array(batch_all, dtype=np.int64)
    started = batch_day[batch_all] + rng.integers(0, 10, len(who)) * DAY
    ended = started + BATCH_DAYS * DAY
    ended = np.where(ended <= A, ended, np.datetime64("NaT"))
    candidate_id, worker_id, home = candidate_id[who], worker_id[who], home[who]
    # Host: a studio running on the start date (three in four), else another community of the street.
    s_comm = community_index(tree, studios["community_id"])
    s_founded = studios["founded_on"].to_numpy().astype("datetime64[D]")
    s_closed = studios["closed_on"].to_numpy().astype("datetime64[D]")
    studio_code = np.full(len(who), -1)
    host = np.empty(len(who), np.int64)
    street_comms = [np.flatnonzero(tree.community_street == s) for s in range(len(tree.street_ids))]
    for i in range(len(who)):
        running = np.flatnonzero((s_founded <= started[i]) & (np.isnat(s_closed) | (s_closed > started[i])))
        if len(running) and rng.random() < 0.75:
            studio_code[i] = running[rng.integers(len(running))]
            host[i] = s_comm[studio_code[i]]
        else:
            others = street_comms[tree.community_street[home[i]]]
            others = others[others != home[i]] if len(others) > 1 else others
            host[i] = others[rng.integers(len(others))]
    order = np.lexsort((who, started))
    return pd.DataFrame(
        {
            "placement_id": np.arange(1, len(who) + 1, dtype=np.int64),
            "candidate_id": candidate_id[order],
            "worker_id": worker_id[order],
            "studio_id": pd.Categorical.from_codes(studio_code[order], categories=list(studios["studio_id"])),
            "host_community_id": tree.community_ids[host[order]],
            "batch": (batch_all[order] + 1).astype(np.int32),
            "started_on": started[order],
            "ended_on": ended[order],
        }
    )


def _salons(t: Targets, tree: RegionTree, trainings: pd.DataFrame, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    """治理沙龙 sessions, each district's numbered in order; the trainings' salon days come first."""
    A = d64(as_of)
    districts = _districts(tree)
    if t.salons is not None:
        per_district = _split(t.salons, np.ones(len(districts))) if t.salons else np.zeros(len(districts), np.int64)
    else:
        per_district = rng.integers(3, 9, len(districts))
    # A single district's first sessions are the days its trainings record as 治理沙龙.
    known = np.unique(days(trainings.loc[trainings["programme"] == "治理沙龙", "start_date"]))
    rows = []
    street_district = np.array([s[:6] for s in tree.street_ids])
    for d, count in zip(districts, per_district):
        held = known[:count] if len(districts) == 1 else known[:0]
        more = int(count) - len(held)
        if more > 0:
            held = np.r_[held, dates.uniform_dates(rng, np.full(more, A - 3 * 365 * DAY), np.full(more, A))]
        streets = tree.street_ids[street_district == d]
        for j, day in enumerate(np.sort(held)):
            region = d if rng.random() < 0.75 or not len(streets) else streets[rng.integers(len(streets))]
            title = f"“领雁智汇·青雁成长”社区治理沙龙第{j + 1}期：{SALON_TOPICS[rng.integers(len(SALON_TOPICS))]}"
            rows.append((title, region, day, int(rng.integers(30, 121))))
    out = pd.DataFrame(rows, columns=["title", "region_id", "held_on", "attendance"])
    out["held_on"] = out["held_on"].to_numpy().astype("datetime64[D]")
    out = out.sort_values(["held_on", "region_id"], kind="stable").reset_index(drop=True)
    out.insert(0, "salon_id", np.arange(1, len(out) + 1, dtype=np.int64))
    out["attendance"] = out["attendance"].astype(np.int32)
    return out


def _rotations(t: Targets, tree: RegionTree, workers: pd.DataFrame, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    """Deputies short of experience serve a 跨岗位 or 跨社区 spell (some both); a few general workers too."""
    A = d64(as_of)
    n_comm = len(tree.community_ids)
    active = workers["exit_date"].isna().to_numpy()
    role = workers["role_category"].to_numpy()
    deputies = np.flatnonzero(active & (role == "社区副职"))
    k = t.rotating_deputies if t.rotating_deputies is not None else min(len(deputies), round(0.45 * n_comm))
    if k > len(deputies):
        raise TargetError(f"跨岗位、跨社区锻炼的社区副职 {k} 名多于在岗社区副职 {len(deputies)} 名")
    post = days(workers["post_since"])
    experience = (A - days(workers["hire_date"])).astype(np.int64) / 365.25
    chosen = deputies[weighted_pick(rng, 1.0 / (1.0 + experience[deputies]), k)]
    general = np.flatnonzero(active & (role == "一般社区工作者"))
    others = general[rng.permutation(len(general))[: round(0.3 * k)]]
    who = np.r_[chosen, others]
    both = rng.random(len(who)) < 0.2
    kind = np.where(rng.random(len(who)) < 0.45, 0, 1)  # 跨岗位, 跨社区
    who = np.r_[who, who[both]]
    kind = np.r_[kind, 1 - kind[both]]
    n = len(who)
    started = dates.uniform_dates(rng, np.maximum(post[who], A - 3 * 365 * DAY), np.full(n, A - 14 * DAY))
    ended = started + rng.integers(90, 181, n) * DAY
    ended = np.where(ended <= A, ended, np.datetime64("NaT"))
    home = community_index(tree, workers["community_id"].to_numpy()[who])
    host = home.copy()
    street_comms = [np.flatnonzero(tree.community_street == s) for s in range(len(tree.street_ids))]
    for i in np.flatnonzero(kind == 1):
        near = street_comms[tree.community_street[home[i]]]
        near = near[near != home[i]]
        if not len(near):
            near = np.setdiff1d(np.arange(n_comm), [home[i]])
        if len(near):
            host[i] = near[rng.integers(len(near))]
        else:
            kind[i] = 0  # a one-community district: the post changes instead
    host_post = np.where(kind == 0, np.asarray(CROSS_POSTS)[rng.integers(0, len(CROSS_POSTS), n)],
                         np.asarray(HOST_POSTS)[rng.integers(0, len(HOST_POSTS), n)])
    order = np.lexsort((who, started))
    return pd.DataFrame(
        {
            "rotation_id": np.arange(1, n + 1, dtype=np.int64),
            "worker_id": workers["worker_id"].to_numpy()[who[order]],
            "kind": pd.Categorical.from_codes(kind[order], categories=["跨岗位", "跨社区"]),
            "host_community_id": tree.community_ids[host[order]],
            "host_post": host_post[order],
            "started_on": started[order],
            "ended_on": ended[order],
        }
    )


def _counts(total: int | None, n_districts: int, default: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Per district: the total split evenly, or a draw in [default] for each when not given."""
    if total is None:
        return rng.integers(default[0], default[1] + 1, n_districts)
    return _split(total, np.ones(n_districts)) if total else np.zeros(n_districts, np.int64)


def _resources(t: Targets, tree: RegionTree, grids: Grids, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    A = d64(as_of)
    n_comm = len(tree.community_ids)
    names = dict(zip(tree.community_ids, _community_names(tree)))
    rows: list[tuple] = []  # kind, name, region_id, members, established_on, ended_on

    def when(k: int, earliest_years: int = 4) -> np.ndarray:
        return dates.uniform_dates(rng, np.full(k, A - earliest_years * 365 * DAY), np.full(k, A - 60 * DAY))

    # 现场教学点: model communities and model blocks (小区, a grid), about two to one. A site belongs to
    # its community either way (the importer's rule: a teaching site is recorded at a community).
    k = t.teaching_sites if t.teaching_sites is not None else round(0.35 * n_comm)
    at_comm = min(k - min(round(k * 0.35), len(grids.ids)), n_comm)
    at_grid = k - at_comm
    if at_grid > len(grids.ids):
        raise TargetError(f"现场教学点 {k} 个多于社区和小区的总数（{n_comm + len(grids.ids)} 个）")
    comms = np.sort(rng.choice(n_comm, size=at_comm, replace=False))
    grid_idx = np.sort(rng.choice(len(grids.ids), size=at_grid, replace=False))
    grid_names = grids.regions["name"].to_numpy()
    for c, day in zip(comms, when(at_comm)):
        rows.append(("现场教学点", f"{names[tree.community_ids[c]]}现场教学点", tree.community_ids[c], None, day, None))
    for g, day in zip(grid_idx, when(at_grid)):
        cid = tree.community_ids[grids.community[g]]
        block = grid_names[g].removesuffix("网格") if grid_names[g].endswith("小区网格") else grid_names[g]
        rows.append(("现场教学点", f"{names[cid]}{block}现场教学点", cid, None, day, None))
    if k >= 10:  # one site taken off the list earlier
        day = when(1, 5)[0]
        c = int(rng.integers(n_comm))
        rows.append(("现场教学点", f"{names[tree.community_ids[c]]}（原）现场教学点", tree.community_ids[c], None, day,
                     dates.uniform_dates(rng, day + 200 * DAY, A - 30 * DAY)))

    # The district's: colleges, teacher pools, featured courses, special topics.
    districts = _districts(tree)
    colleges_pool = SHANXI_COLLEGES if t.root.code.startswith("14") else SHANDONG_COLLEGES
    first_two = 2 if t.root.code == "370705" else 0  # 奎文 names 山东大学 and 山东科技职业学院
    per = {
        "合作院校": _counts(t.partner_colleges, len(districts), (3, 14), rng),
        "师资库": _counts(t.teacher_pools, len(districts), (2, 3), rng),
        "特色课程": _counts(t.featured_courses, len(districts), (5, 10), rng),
        "精品专题": _counts(t.special_topics, len(districts), (3, 6), rng),
    }
    for i, d in enumerate(districts):
        for kind, pool, first in (("合作院校", colleges_pool, first_two), ("师资库", TEACHER_POOLS, 3),
                                  ("特色课程", FEATURED_COURSES, 2), ("精品专题", SPECIAL_TOPICS, 0)):
            count = int(per[kind][i])
            for name, day in zip(_names(pool, count, rng, first), when(count)):
                members = int(rng.integers(15, 81)) if kind == "师资库" else None
                rows.append((kind, name, d, members, day, None))
    out = pd.DataFrame(rows, columns=["kind", "name", "region_id", "members", "established_on", "ended_on"])
    out["established_on"] = out["established_on"].to_numpy().astype("datetime64[D]")
    out["ended_on"] = out["ended_on"].to_numpy().astype("datetime64[D]")
    out["members"] = out["members"].astype("Int32")
    out["kind"] = pd.Categorical(out["kind"], categories=["现场教学点", "合作院校", "师资库", "特色课程", "精品专题"])
    out.insert(0, "resource_id", [f"TR{i:05d}" for i in range(1, len(out) + 1)])
    return out


def _community_names(tree: RegionTree) -> np.ndarray:
    regions = tree.regions.set_index("region_id")["name"]
    return regions.loc[tree.community_ids].to_numpy()
