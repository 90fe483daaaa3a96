"""居民需求清单 against 服务供给清单 and 社区服务清单 (version 6).

Partners offer services (服务供给清单) to the communities they serve; the district's departments
bring theirs in through 十进社区 (社区服务清单) to whole streets. Residents' needs, mostly from the
一老一小一困 groups, are matched with an item of their category that serves their community, and
most are met. Two categories are left short in about a quarter of communities, so some needs find
no supply (无人认领); a few items are offered where nobody has asked (无需求对接的供给).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cgw import domain
from cgw.ingest.generator import dates
from cgw.ingest.generator.dates import DAY, d64
from cgw.ingest.generator.grids import Grids, community_index
from cgw.ingest.generator.regions import RegionTree
from cgw.ingest.generator.services import service_start
from cgw.ingest.generator.targets import Targets

CATEGORIES = domain.values("need_category")
CAT = {c: i for i, c in enumerate(CATEGORIES)}

ITEM_NAMES = {
    "助餐服务": ("平价餐饮", "老年助餐", "送餐上门", "长者食堂"),
    "医疗健康": ("义诊进社区", "家庭医生签约服务", "健康讲座", "慢病随访"),
    "托育照护": ("“七彩假期”公益托管", "四点半课堂", "婴幼儿照护指导", "暑期托管班"),
    "课业辅导": ("“周末课堂”", "作业辅导", "青少年兴趣班", "阅读陪伴"),
    "就业帮扶": ("就业帮扶", "技能培训", "招聘会进社区", "公益岗位推荐"),
    "文化娱乐": ("“银龄”书画课堂", "文艺演出", "广场舞培训", "老年合唱团"),
    "法律咨询": ("法律咨询", "法律援助", "矛盾调解", "普法讲座"),
    "政务代办": ("政务代办", "社保医保代办", "政策咨询", "证照代办"),
    "家政维修": ("家电维修", "家政服务", "水电维修", "助浴理发"),
    "心理关爱": ("心理疏导", "关爱陪伴", "心理健康讲座", "独居老人探访"),
}
# What each kind of partner offers.
SUBTYPE_CATEGORIES = {
    "职能部门": ("政务代办", "就业帮扶", "法律咨询", "医疗健康"),
    "驻区单位": ("政务代办", "医疗健康", "法律咨询", "文化娱乐"),
    "企业": ("就业帮扶", "家政维修", "助餐服务"),
    "爱心商铺": ("助餐服务", "家政维修"),
    "行业协会": ("文化娱乐", "法律咨询", "就业帮扶"),
    "人才工作室": ("心理关爱", "法律咨询", "课业辅导"),
    "志愿服务队": ("助餐服务", "课业辅导", "托育照护", "心理关爱"),
    "个人": ("文化娱乐", "课业辅导"),
}
# 十进社区: departments and the categories they bring (the district prefix 区 or 县 goes in front).
DEPARTMENTS = (
    ("卫健局", ("医疗健康", "心理关爱")),
    ("人社局", ("就业帮扶",)),
    ("教育局", ("课业辅导", "托育照护")),
    ("行政审批服务管理局", ("政务代办",)),
    ("民政局", ("助餐服务", "政务代办")),
    ("司法局", ("法律咨询",)),
    ("文旅局", ("文化娱乐",)),
    ("医保局", ("政务代办", "医疗健康")),
    ("妇联", ("托育照护", "心理关爱")),
    ("住建局", ("家政维修",)),
    ("团委", ("课业辅导",)),
    ("总工会", ("就业帮扶", "助餐服务")),
)
# Categories each group asks for (weights in CATEGORIES order).
GROUPS = domain.values("wish_group")  # 一老, 一小, 一困, 其他
GROUP_WEIGHTS = (0.36, 0.27, 0.22, 0.15)
GROUP_CATEGORIES = {
    "一老": {"助餐服务": 5, "医疗健康": 5, "文化娱乐": 2, "家政维修": 2, "心理关爱": 1.5, "政务代办": 1},
    "一小": {"托育照护": 5, "课业辅导": 5, "文化娱乐": 1.5, "心理关爱": 1, "医疗健康": 1},
    "一困": {"就业帮扶": 5, "政务代办": 2, "法律咨询": 2, "医疗健康": 2, "心理关爱": 1.5, "家政维修": 1.5, "助餐服务": 1},
    "其他": {c: 1 for c in CATEGORIES},
}
SOURCE_WEIGHTS = (0.34, 0.16, 0.14, 0.1, 0.14, 0.12)  # 网格走访 … 线上征集
# Left short: in about a quarter of communities no item of these categories is on offer.
UNDER_SUPPLIED = ("心理关爱", "法律咨询")
GAP_SHARE = 0.25


def _supply_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["name", "list", "partner_id", "provider_name", "category", "capacity",
                                       "starts_on", "ends_on"])


def build_needs(
    t: Targets, tree: RegionTree, grids: Grids, partners: dict[str, pd.DataFrame], as_of: dt.date,
    rng: np.random.Generator,
) -> dict[str, pd.DataFrame]:
    A = d64(as_of)
    start = d64(service_start(t, as_of))
    n_comm = len(tree.community_ids)
    n_cat = len(CATEGORIES)

    # --- 服务供给清单: one or two items from most partners, for the communities each serves --------
    p = partners["partners"]
    served = partners["partner_communities"]
    p_code = pd.Index(p["partner_id"]).get_indexer(served["partner_id"])
    by_partner = np.argsort(p_code, kind="stable")
    p_sorted, c_sorted = p_code[by_partner], community_index(tree, served["community_id"])[by_partner]
    lo = np.searchsorted(p_sorted, np.arange(len(p)))
    hi = np.searchsorted(p_sorted, np.arange(len(p)), side="right")
    joined = p["joined_on"].to_numpy().astype("datetime64[D]")
    exited = p["exited_on"].to_numpy().astype("datetime64[D]")
    k = len(p)
    items = rng.choice([0, 1, 2], size=k, p=[0.15, 0.6, 0.25])
    options = [SUBTYPE_CATEGORIES[x] for x in p["subtype"]]
    n_opt = np.array([len(o) for o in options])
    first = np.floor(rng.random(k) * n_opt).astype(np.int64)
    second = (first + 1 + np.floor(rng.random(k) * (n_opt - 1)).astype(np.int64)) % n_opt
    name_pick = rng.integers(0, 4, (k, 2))
    capacity = rng.integers(2, 50, (k, 2)) * 10
    delay = rng.integers(0, 90, k)
    rows: list[tuple] = []
    reach: list[np.ndarray] = []
    for i, (pid, name) in enumerate(zip(p["partner_id"], p["name"])):
        if lo[i] == hi[i] or not items[i]:
            continue
        comms = c_sorted[lo[i] : hi[i]]
        end = exited[i]
        begin = min(joined[i] + int(delay[i]) * DAY, A if np.isnat(end) else end)
        for j, c in enumerate((first[i], second[i])[: min(items[i], n_opt[i])]):
            cat = options[i][c]
            rows.append((ITEM_NAMES[cat][name_pick[i, j]], "服务供给清单", pid, name, cat, int(capacity[i, j]), begin, end))
            reach.append(comms)

    # --- 社区服务清单: the district's departments, each for one to three streets or the whole district
    prefix = "县" if t.root.name.endswith("县") else "区"
    street_district = np.array([s[:6] for s in tree.street_ids])
    comm_district = np.array([c[:6] for c in tree.community_ids])
    for district in np.unique(street_district):
        streets = np.flatnonzero(street_district == district)
        in_district = np.flatnonzero(comm_district == district)
        for unit, cats in DEPARTMENTS:
            for cat in cats:
                # Every department comes to the whole district, except for the categories left short:
                # those reach one to three streets, if any.
                short = cat in UNDER_SUPPLIED
                if short and rng.random() < 0.3:
                    continue
                if short and len(streets) > 1:
                    chosen = rng.choice(streets, size=int(rng.integers(1, min(3, len(streets)) + 1)), replace=False)
                    comms = np.flatnonzero(np.isin(tree.community_street, chosen))
                else:
                    comms = in_district
                begin = dates.uniform_dates(rng, start - 365 * DAY, start + (A - start) // 3)
                end = np.datetime64("NaT") if rng.random() > 0.1 else dates.uniform_dates(rng, begin, A - DAY)
                rows.append((f"{ITEM_NAMES[cat][rng.integers(4)]}进社区", "社区服务清单", None, prefix + unit, cat,
                             int(rng.integers(10, 300)) * 10, begin, end))
                reach.append(comms)
    supplies = _supply_frame(rows)
    pair_supply = np.repeat(np.arange(len(supplies)), [len(r) for r in reach])
    pair_comm = np.concatenate(reach) if reach else np.array([], np.int64)
    pair_cat = supplies["category"].map(CAT).to_numpy()[pair_supply]

    # Two categories left short in about a quarter of the communities.
    gaps = np.zeros((n_comm, n_cat), bool)
    for cat in UNDER_SUPPLIED:
        gaps[rng.random(n_comm) < GAP_SHARE, CAT[cat]] = True
    keep = ~gaps[pair_comm, pair_cat]
    pair_supply, pair_comm, pair_cat = pair_supply[keep], pair_comm[keep], pair_cat[keep]

    # --- 居民需求清单 -------------------------------------------------------------------------------
    n = t.needs_per_community * n_comm
    community = rng.choice(n_comm, size=n, p=tree.population / tree.population.sum())
    group = rng.choice(len(GROUPS), size=n, p=GROUP_WEIGHTS)
    category = np.empty(n, np.int64)
    for g, name in enumerate(GROUPS):
        m = group == g
        w = np.array([GROUP_CATEGORIES[name].get(c, 0) for c in CATEGORIES], float)
        category[m] = rng.choice(n_cat, size=int(m.sum()), p=w / w.sum())
    source = rng.choice(len(SOURCE_WEIGHTS), size=n, p=SOURCE_WEIGHTS)
    raised = dates.uniform_dates(rng, np.full(n, start), np.full(n, A))

    # Match with an item of the category serving the community, in service on the match date.
    key = pair_comm * n_cat + pair_cat
    order = np.argsort(key, kind="stable")
    key_sorted, supply_sorted = key[order], pair_supply[order]
    counts = np.bincount(key_sorted, minlength=n_comm * n_cat)
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    need_key = community * n_cat + category
    cnt = counts[need_key]
    s_start = supplies["starts_on"].to_numpy().astype("datetime64[D]")
    s_end = supplies["ends_on"].to_numpy().astype("datetime64[D]")
    wait = np.clip(np.rint(rng.lognormal(np.log(6), 0.8, n)), 1, 60).astype(np.int64)
    chosen = np.full(n, -1)
    for _ in range(3):  # an item that has ended by then gives way to another of the pair's
        retry = (cnt > 0) & ((chosen < 0) | (~np.isnat(s_end[chosen]) & (s_end[chosen] < raised + wait * DAY)))
        pick = offsets[need_key] + np.floor(rng.random(n) * np.maximum(cnt, 1)).astype(np.int64)
        chosen[retry] = supply_sorted[pick[retry]]
    matched = np.full(n, np.datetime64("NaT"), "datetime64[D]")
    has = chosen >= 0
    matched[has] = np.maximum(raised[has] + wait[has] * DAY, s_start[chosen[has]])
    ok = has & (rng.random(n) < 0.95)
    ok[has] &= (matched[has] <= A) & (np.isnat(s_end[chosen[has]]) | (matched[has] <= s_end[chosen[has]]))
    matched = np.where(ok, matched, np.datetime64("NaT"))
    met = matched + np.clip(np.rint(rng.lognormal(np.log(10), 0.7, n)), 1, 120).astype(np.int64) * DAY
    met = np.where(ok & (met <= A) & (rng.random(n) < 0.9), met, np.datetime64("NaT"))
    supply_code = np.where(ok, chosen, -1)
    status = np.where(~np.isnat(met), 2, np.where(ok, 1, 0))  # 待匹配, 已匹配, 已满足

    # A few items offered where nobody has asked for them (no need of the category, ever).
    asked = np.zeros(n_comm * n_cat, bool)
    asked[need_key] = True
    offered = np.zeros(n_comm * n_cat, bool)
    offered[key] = True
    idle_pairs = np.flatnonzero(~asked & ~offered & ~gaps.ravel())
    n_idle = min(len(idle_pairs), max(2, round(0.03 * len(supplies))))
    idle_rows, idle_comm = [], []
    for pair in rng.choice(idle_pairs, size=n_idle, replace=False) if n_idle else []:
        c, cat = divmod(int(pair), n_cat)
        unit = next((u for u, cats in DEPARTMENTS if CATEGORIES[cat] in cats), "民政局")
        begin = dates.uniform_dates(rng, start, A - 30 * DAY)
        idle_rows.append((f"{ITEM_NAMES[CATEGORIES[cat]][rng.integers(4)]}进社区", "社区服务清单", None, prefix + unit,
                          CATEGORIES[cat], int(rng.integers(5, 30)) * 10, begin, np.datetime64("NaT")))
        idle_comm.append(c)
    if idle_rows:
        pair_supply = np.r_[pair_supply, len(supplies) + np.arange(len(idle_rows))]
        pair_comm = np.r_[pair_comm, idle_comm]
        supplies = pd.concat([supplies, _supply_frame(idle_rows)], ignore_index=True)

    # Items that lost every community to the gaps are not on any list.
    used = np.unique(pair_supply)
    renumber = np.full(len(supplies), -1)
    renumber[used] = np.arange(len(used))
    supplies = supplies.iloc[used].reset_index(drop=True)
    supply_ids = np.char.add("S", np.char.zfill(np.arange(1, len(supplies) + 1).astype(str), 7))
    supplies.insert(0, "supply_id", supply_ids)
    supplies["list"] = pd.Categorical(supplies["list"], categories=list(domain.values("supply_list")))
    supplies["category"] = pd.Categorical(supplies["category"], categories=list(CATEGORIES))
    supplies["starts_on"] = supplies["starts_on"].to_numpy().astype("datetime64[D]")
    supplies["ends_on"] = supplies["ends_on"].to_numpy().astype("datetime64[D]")
    supplies["capacity"] = supplies["capacity"].astype(np.int32)
    supply_communities = pd.DataFrame(
        {"supply_id": supply_ids[renumber[pair_supply]], "community_id": tree.community_ids[pair_comm]}
    ).drop_duplicates().sort_values(["supply_id", "community_id"]).reset_index(drop=True)

    order = np.lexsort((raised, community))
    supply_code = np.where(supply_code >= 0, renumber[np.maximum(supply_code, 0)], -1)
    needs = pd.DataFrame(
        {
            "need_id": np.arange(1, n + 1, dtype=np.int64),
            "community_id": pd.Categorical.from_codes(community[order], categories=list(tree.community_ids)),
            "grid_id": grids.pick(rng, community[order], 0.9),
            "need_group": pd.Categorical.from_codes(group[order], categories=list(GROUPS)),
            "category": pd.Categorical.from_codes(category[order], categories=list(CATEGORIES)),
            "source": pd.Categorical.from_codes(source[order], categories=list(domain.values("need_source"))),
            "raised_on": raised[order],
            "matched_on": matched[order],
            "met_on": met[order],
            "supply_id": pd.Categorical.from_codes(supply_code[order], categories=list(supply_ids)),
            "status": pd.Categorical.from_codes(status[order], categories=list(domain.values("need_status"))),
        }
    )
    return {"service_supplies": supplies, "supply_communities": supply_communities, "resident_needs": needs}
