"""The grid level (网格, version 6): 2–4 grids per community with their 小区（网格）党支部, the
党员中心户 in each grid, and the grid a worker, issue, wish or need names.

Grid codes extend their community's 12 digits by three. Together with the streets (乡镇党委) and
communities (社区党组织) this gives 洪洞's five levels: 县委—乡镇党委—社区党组织—小区（网格）党支部—党员中心户.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cgw.ingest.generator import dates
from cgw.ingest.generator.dates import DAY, d64
from cgw.ingest.generator.pools import Pools, categorical, draw
from cgw.ingest.generator.regions import RegionTree
from cgw.ingest.generator.targets import Targets

# Residential compounds a grid is named after (幸福里小区网格); the rest are numbered (一网格).
COMPOUND_WORDS = (
    "幸福里", "锦绣园", "阳光花园", "和平家园", "金色家园", "翡翠城", "滨河苑", "书香苑", "东方花园", "康乐苑",
    "紫薇苑", "枫林苑", "丽景花园", "怡和家园", "盛世华庭", "名仕豪庭", "银河湾", "春晖园", "御景园", "梧桐苑",
    "桃李园", "泰和苑", "福寿里", "民安小区", "新华苑", "铁路宿舍", "纺织宿舍", "教育新村", "建业花园", "世纪花园",
    "天和苑", "瑞景园", "龙湖苑", "凤凰城", "恒信花园", "宝通苑", "虞河苑", "樱园里", "北苑新村", "清池苑",
)  # fmt: skip
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
NAMED_SHARE = 0.6  # grids named after their compound; the others are numbered
BRANCH_SHARE = 0.9  # grids with a 小区（网格）党支部 of their own


@dataclass
class Grids:
    regions: pd.DataFrame  # region rows: region_id, name, level 'grid', parent_id, party_branch
    ids: np.ndarray  # grid codes, sorted (grouped by community)
    community: np.ndarray  # index of each grid's community in tree.community_ids
    counts: np.ndarray  # grids per community
    offsets: np.ndarray  # index of each community's first grid in `ids`

    def pick(self, rng: np.random.Generator, community: np.ndarray, share: float) -> pd.Categorical:
        """For rows of the given community indices: a random grid of that community for `share` of
        them, missing for the rest."""
        community = np.asarray(community, dtype=np.int64)
        n = len(community)
        cnt = self.counts[community]
        codes = self.offsets[community] + np.floor(rng.random(n) * cnt).astype(np.int64)
        codes = np.where((rng.random(n) < share) & (cnt > 0), codes, -1)
        return pd.Categorical.from_codes(codes, categories=list(self.ids))


def build_grids(t: Targets, tree: RegionTree, rng: np.random.Generator) -> Grids:
    lo, hi = t.grids_per_community
    n_comm = len(tree.community_ids)
    counts = rng.integers(lo, hi + 1, n_comm)
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    community = np.repeat(np.arange(n_comm), counts)
    k = len(community)
    position = np.arange(k) - offsets[community]  # 0, 1, … within the community
    ids = np.char.add(tree.community_ids[community].astype(str), np.char.zfill((position + 1).astype(str), 3))
    named = rng.random(n_comm) < NAMED_SHARE
    names = np.empty(k, dtype=object)
    branch = np.empty(k, dtype=object)
    words = np.asarray(COMPOUND_WORDS)
    for c in range(n_comm):  # a few thousand communities at most
        first, m = offsets[c], counts[c]
        if named[c] and m <= len(words):
            chosen = words[rng.choice(len(words), size=m, replace=False)]
            names[first : first + m] = [f"{w}小区网格" for w in chosen]
            branch[first : first + m] = [f"{w}小区党支部" for w in chosen]
        else:
            numbered = [f"{NUMERALS[j]}网格" if j < len(NUMERALS) else f"{j + 1}网格" for j in range(m)]
            names[first : first + m] = numbered
            branch[first : first + m] = [f"{x}党支部" for x in numbered]
    branch[rng.random(k) >= BRANCH_SHARE] = None
    regions = pd.DataFrame(
        {
            "region_id": ids,
            "name": names,
            "level": "grid",
            "parent_id": tree.community_ids[community],
            "party_branch": branch,
        }
    )
    return Grids(regions, ids, community, counts, offsets)


def party_households(
    tree: RegionTree, grids: Grids, as_of: dt.date, rng: np.random.Generator, pools: Pools
) -> pd.DataFrame:
    """党员中心户: 3–6 in service per grid, each linked with 5–30 households; a few earlier ones ended."""
    A = d64(as_of)
    per_grid = rng.integers(3, 7, len(grids.ids))
    ended = (rng.random(len(grids.ids)) < 0.08).astype(np.int64)  # one stood down in some grids
    grid = np.repeat(np.arange(len(grids.ids)), per_grid + ended)
    n = len(grid)
    first = np.r_[0, np.cumsum(per_grid + ended)[:-1]]
    is_ended = (np.arange(n) - first[grid]) >= per_grid[grid]
    designated = dates.uniform_dates(rng, np.full(n, A - 5 * 365 * DAY), np.full(n, A - 20 * DAY))
    designated[is_ended] = dates.uniform_dates(rng, np.full(int(is_ended.sum()), A - 6 * 365 * DAY),
                                               np.full(int(is_ended.sum()), A - 400 * DAY))
    ended_on = np.full(n, np.datetime64("NaT"), "datetime64[D]")
    ended_on[is_ended] = dates.uniform_dates(rng, designated[is_ended] + 180 * DAY, np.full(int(is_ended.sum()), A - DAY))
    phone = np.char.add(draw(rng, ("13", "15", "18", "17", "19"), n), np.char.zfill(rng.integers(0, 10**9, n).astype(str), 9))
    phone = np.where(rng.random(n) < 0.88, phone, None)
    return pd.DataFrame(
        {
            "household_id": np.char.add("H", np.char.zfill(np.arange(1, n + 1).astype(str), 9)),
            "grid_id": pd.Categorical.from_codes(grid, categories=list(grids.ids)),
            "community_id": pd.Categorical.from_codes(grids.community[grid], categories=list(tree.community_ids)),
            "holder_name": categorical(rng, pools.person_names, n),
            "phone": phone,
            "linked_households": rng.integers(5, 31, n).astype(np.int32),
            "designated_on": designated,
            "ended_on": ended_on,
        }
    )


def community_index(tree: RegionTree, community_ids) -> np.ndarray:
    """Index in tree.community_ids of each community code (tree.community_ids is sorted)."""
    return np.searchsorted(tree.community_ids, np.asarray(community_ids, dtype=str))


# Share of active workers with a grid by role category (定岗小区: general workers mostly).
WORKER_GRID_SHARE = {"一般社区工作者": 0.86, "楼宇专职工作者": 0.6, "社区副职": 0.6, "社区正职": 0.05}


def worker_grids(tree: RegionTree, grids: Grids, workers: pd.DataFrame, rng: np.random.Generator) -> pd.Categorical:
    community = community_index(tree, workers["community_id"])
    share = workers["role_category"].map(WORKER_GRID_SHARE).fillna(0.5).to_numpy(dtype=float)
    share = np.where(workers["exit_date"].isna().to_numpy(), share, 0.4)
    n = len(workers)
    cnt = grids.counts[community]
    codes = grids.offsets[community] + np.floor(rng.random(n) * cnt).astype(np.int64)
    codes = np.where((rng.random(n) < share) & (cnt > 0), codes, -1)
    return pd.Categorical.from_codes(codes, categories=list(grids.ids))
