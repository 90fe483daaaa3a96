"""幸福合伙人 and the services they deliver: evaluations, livelihood issues, wishes, points.

Calibrated figures (partners in service, issues resolved through joint meetings since the start
of the previous year, wishes fulfilled) are hit exactly; the rest is drawn around them. Rows are
sorted by community and date so DuckDB's zone maps can skip whole blocks for a region filter.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cgw import domain
from cgw.domain import periods
from cgw.ingest.generator import dates
from cgw.ingest.generator.dates import DAY, d64
from cgw.ingest.generator.pools import (
    GOVERNMENT_UNITS,
    POINT_EARN_ITEMS,
    POINT_REDEEM_ITEMS,
    SHOP_KINDS,
    SOCIAL_KINDS,
    Pools,
    categorical,
    draw,
)
from cgw.ingest.generator.regions import RegionTree
from cgw.ingest.generator.targets import PARTNER_KIND_KEYS, Targets, default_partners
from cgw.ingest.generator.workforce import weighted_pick


def service_start(t: Targets, as_of: dt.date) -> dt.date:
    return t.service_start or dt.date(as_of.year - 3, 1, 1)


def joint_meeting_window_start(as_of: dt.date) -> dt.date:
    """'去年以来': from 1 January of the previous year."""
    return dt.date(as_of.year - 1, 1, 1)


TYPE_WEIGHTS = {"机关单位": 0.4, "市场主体": 0.33, "社会力量": 0.27}
# With an exact count of 机关单位 partners (洪洞: 75), each gets a distinct unit of the district's.
FUNCTIONAL_UNITS = (
    "人社局", "教育局", "卫健局", "行政审批服务管理局", "民政局", "司法局", "市场监管局", "住建局", "城管局", "医保局",
    "文旅局", "退役军人事务局", "应急管理局", "农业农村局", "自然资源局", "生态环境局", "交通运输局", "水利局",
    "商务局", "财政局", "发改局", "工信局", "科技局", "审计局", "统计局", "信访局", "能源局", "林业局", "乡村振兴局",
    "委组织部", "委宣传部", "委统战部", "委政法委", "委社会工作部", "纪委监委", "总工会", "妇联", "残联", "科协",
    "工商联", "红十字会", "团委", "税务局", "公安局", "消防救援大队", "人民法院", "人民检察院", "融媒体中心",
    "档案馆", "图书馆", "文化馆", "疾控中心", "气象局", "住房公积金管理中心",
)  # fmt: skip
RESIDENT_BODIES = (
    "人民医院", "中医医院", "妇幼保健院", "第一中学", "职业中学", "实验小学", "供电公司", "自来水公司", "燃气公司",
    "邮政分公司", "农业银行支行", "工商银行支行", "建设银行支行", "中国银行支行", "农商银行", "移动分公司",
    "电信分公司", "联通分公司", "烟草专卖局", "车务段", "公路段", "人民武装部", "看守所", "广电网络公司",
    "粮食储备库", "城投公司", "水务集团", "热力公司", "公交公司", "汽车站",
)  # fmt: skip


def _exact_kinds(t: Targets, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Types and subtypes of `n` partners in service with the targets' exact counts of 机关单位,
    行业协会 and 人才工作室; the rest drawn among the other kinds."""
    fixed = [(typ, sub, count) for typ, sub, count in (
        ("机关单位", None, t.partner_departments),
        ("社会力量", "行业协会", t.partner_associations),
        ("社会力量", "人才工作室", t.partner_talent_studios),
    ) if count is not None]
    combos = [(typ, sub) for typ, subs in domain.PARTNER_SUBTYPES.items() for sub in subs]
    free = [(typ, sub) for typ, sub in combos
            if not any(typ == ft and (fs is None or fs == sub) for ft, fs, _ in fixed)]
    types, subs = [], []
    for typ, sub, count in fixed:
        types += [typ] * count
        if sub is not None:
            subs += [sub] * count
        else:
            options = domain.PARTNER_SUBTYPES[typ]
            p = [0.7, 0.3] if typ == "机关单位" else None
            subs += list(draw(rng, options, count, p=p))
    rest = n - len(types)
    w = np.array([TYPE_WEIGHTS[typ] / len(domain.PARTNER_SUBTYPES[typ]) for typ, _ in free])
    pick = rng.choice(len(free), size=rest, p=w / w.sum())
    types += [free[i][0] for i in pick]
    subs += [free[i][1] for i in pick]
    order = rng.permutation(n)
    return np.array(types, dtype=object)[order], np.array(subs, dtype=object)[order]


def build_partners(
    t: Targets, tree: RegionTree, as_of: dt.date, rng: np.random.Generator, pools: Pools,
    kinds_rng: np.random.Generator | None = None,
) -> dict[str, pd.DataFrame]:
    """Partners, the communities each serves and their quarterly evaluations. With exact counts of
    partner kinds in the targets, `kinds_rng` deals them out among the partners in service."""
    A = d64(as_of)
    start = d64(service_start(t, as_of))
    in_service = t.partners if t.partners is not None else default_partners(t)
    left = round(in_service * 0.08)
    k = in_service + left
    ptype = draw(rng, ("机关单位", "市场主体", "社会力量"), k, p=[0.4, 0.33, 0.27])
    subtype = np.empty(k, dtype=object)
    for typ, subs in domain.PARTNER_SUBTYPES.items():
        m = ptype == typ
        subtype[m] = draw(rng, subs, int(m.sum()))
    exact = kinds_rng is not None and any(getattr(t, key) is not None for key in PARTNER_KIND_KEYS)
    if exact:
        ptype[:in_service], subtype[:in_service] = _exact_kinds(t, in_service, kinds_rng)
    home_street = rng.integers(0, len(tree.street_ids), k)
    district_name = t.root.name if t.root.level == "district" else ""
    name = np.empty(k, dtype=object)
    for i in range(k):  # a few thousand at most; readable beats vectorised here
        st, typ = subtype[i], ptype[i]
        if st == "职能部门":
            name[i] = district_name + GOVERNMENT_UNITS[rng.integers(len(GOVERNMENT_UNITS))]
        elif st == "驻区单位":
            name[i] = GOVERNMENT_UNITS[rng.integers(len(GOVERNMENT_UNITS))].replace("局", "所") + "驻区站"
        elif st == "企业":
            name[i] = pools.companies[rng.integers(len(pools.companies))]
        elif st == "爱心商铺":
            name[i] = pools.companies[rng.integers(len(pools.companies))][:2] + SHOP_KINDS[rng.integers(len(SHOP_KINDS))]
        elif st == "个人":
            name[i] = pools.person_names[rng.integers(len(pools.person_names))] + "（退休干部）"
        else:
            kinds = SOCIAL_KINDS[st]
            name[i] = pools.companies[rng.integers(len(pools.companies))][:2] + kinds[rng.integers(len(kinds))]
        del typ
    if exact:  # distinct units of the district while the lists last
        for sub, units in (("职能部门", FUNCTIONAL_UNITS), ("驻区单位", RESIDENT_BODIES)):
            idx = np.flatnonzero(subtype[:in_service] == sub)
            order = kinds_rng.permutation(len(units))
            for j, i in enumerate(idx[: len(units)]):
                name[i] = district_name + units[order[j]]
    # Names must read as distinct organisations.
    seen: dict[str, int] = {}
    for i, nm in enumerate(name):
        seen[nm] = seen.get(nm, 0) + 1
        if seen[nm] > 1:
            name[i] = f"{nm}（{seen[nm]}）"
    joined = dates.uniform_dates(rng, np.full(k, start - 200 * DAY), np.full(k, A))
    exited = np.full(k, np.datetime64("NaT"), "datetime64[D]")
    exited[in_service:] = dates.uniform_dates(rng, joined[in_service:], np.full(left, A))
    partners = pd.DataFrame(
        {
            "partner_id": [f"P{i:06d}" for i in range(1, k + 1)],
            "name": name,
            "type": ptype,
            "subtype": subtype,
            "joined_on": joined,
            "exited_on": exited,
        }
    )
    # Each partner serves one to four communities of its home street.
    streets_comms = [np.flatnonzero(tree.community_street == s) for s in range(len(tree.street_ids))]
    served_rows = []
    for i in range(k):
        comms = streets_comms[home_street[i]]
        m = min(len(comms), int(rng.integers(1, 5)))
        for c in rng.choice(comms, size=m, replace=False):
            served_rows.append((partners["partner_id"].iat[i], tree.community_ids[c]))
    served = pd.DataFrame(served_rows, columns=["partner_id", "community_id"]).drop_duplicates()
    return {"partners": partners, "partner_communities": served, "partner_evaluations": _evaluations(partners, as_of, rng)}


def _evaluations(partners: pd.DataFrame, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    """Every partner in service is rated each completed quarter: residents, community, industry."""
    w_res, w_com, w_ind = domain.PARTNER_EVALUATION_WEIGHTS
    quality = rng.normal(0, 4, len(partners))
    rows = []
    y, q = periods.last_completed_quarter(as_of)
    quarters = []
    for _ in range(12):
        quarters.append((y, q))
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    joined = partners["joined_on"].to_numpy().astype("datetime64[D]")
    exited = partners["exited_on"].to_numpy().astype("datetime64[D]")
    for y, q in reversed(quarters):
        q_start = d64(dt.date(y, 3 * q - 2, 1))
        q_last = d64(periods.quarter_end(y, q))
        active = (joined <= q_start + 45 * DAY) & (np.isnat(exited) | (exited > q_last))
        idx = np.flatnonzero(active)
        m = len(idx)
        if not m:
            continue
        s = [np.clip(np.round(rng.normal(mu, sd, m) + quality[idx], 1), 50, 100) for mu, sd in ((89, 4), (87, 5), (86, 5))]
        total = np.round(s[0] * w_res + s[1] * w_com + s[2] * w_ind, 2)
        honour = np.full(m, None, dtype=object)
        top = total >= np.quantile(total, 0.9)
        is_market = (partners["type"].to_numpy()[idx] == "市场主体")
        honour[top & is_market] = "星级服务商户"
        honour[top & ~is_market] = "优秀幸福合伙人"
        rows.append(
            pd.DataFrame(
                {
                    "partner_id": partners["partner_id"].to_numpy()[idx],
                    "year": y,
                    "quarter": q,
                    "resident_score": s[0],
                    "community_score": s[1],
                    "industry_score": s[2],
                    "w_resident": w_res,
                    "w_community": w_com,
                    "w_industry": w_ind,
                    "total_score": total,
                    "honour": honour,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _partner_for(
    rng: np.random.Generator, community: np.ndarray, on: np.ndarray, served: pd.DataFrame, partners: pd.DataFrame,
    tree: RegionTree, share: float,
) -> pd.Categorical:
    """A partner serving the row's community and in service on the date; missing for the rest."""
    comm_index = {c: i for i, c in enumerate(tree.community_ids)}
    p_index = {p: i for i, p in enumerate(partners["partner_id"])}
    s = served.assign(c=served["community_id"].map(comm_index), p=served["partner_id"].map(p_index)).sort_values("c")
    counts = np.bincount(s["c"], minlength=len(tree.community_ids))
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    p_of = s["p"].to_numpy()
    has = counts[community] > 0
    pick = offsets[community] + np.floor(rng.random(len(community)) * np.maximum(counts[community], 1)).astype(np.int64)
    chosen = np.where(has, p_of[np.minimum(pick, len(p_of) - 1)], -1)
    joined = partners["joined_on"].to_numpy().astype("datetime64[D]")
    exited = partners["exited_on"].to_numpy().astype("datetime64[D]")
    ok = has & (rng.random(len(community)) < share) & ~np.isnat(on)
    ok[ok] &= joined[chosen[ok]] <= on[ok]
    ok[ok] &= np.isnat(exited[chosen[ok]]) | (exited[chosen[ok]] >= on[ok])
    return pd.Categorical.from_codes(np.where(ok, chosen, -1), categories=list(partners["partner_id"]))


def build_issues(
    t: Targets, tree: RegionTree, as_of: dt.date, rng: np.random.Generator, partners: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    A = d64(as_of)
    start = d64(service_start(t, as_of))
    window = max(d64(joint_meeting_window_start(as_of)), start)
    n_comm = len(tree.community_ids)
    total = t.issues_per_community * n_comm
    window_share = (A - window).astype(int) / max(1, (A - start).astype(int))
    target = t.issues_resolved if t.issues_resolved is not None else round(total * 0.25 * window_share * 0.88)
    # Joint-meeting issues raised inside the window: exactly `target` of them resolved in it.
    joint_in = max(target, round(target / 0.9))
    joint_before = round(joint_in * (1 - window_share) / max(window_share, 1e-9)) if start < window else 0
    other = max(0, total - joint_in - joint_before)
    comm_w = tree.population / tree.population.sum()

    raised_in = dates.uniform_dates(rng, np.full(joint_in, window), np.full(joint_in, A))
    room = (A - raised_in).astype(np.int64)
    resolved_pick = weighted_pick(rng, room.astype(float) + 1.0, target)
    res_in = np.full(joint_in, np.datetime64("NaT"), "datetime64[D]")
    days = np.minimum(np.rint(rng.lognormal(np.log(12), 0.7, target)).astype(np.int64), room[resolved_pick])
    res_in[resolved_pick] = raised_in[resolved_pick] + days * DAY

    raised_before = dates.uniform_dates(rng, np.full(joint_before, start), np.full(joint_before, window - DAY))
    days_b = np.rint(rng.lognormal(np.log(12), 0.7, joint_before)).astype(np.int64)
    res_before = np.minimum(raised_before + days_b * DAY, window - DAY)

    raised_o = dates.uniform_dates(rng, np.full(other, start), np.full(other, A))
    res_o = raised_o + np.rint(rng.lognormal(np.log(9), 0.8, other)).astype(np.int64) * DAY
    res_o = np.where((res_o <= A) & (rng.random(other) < 0.9), res_o, np.datetime64("NaT"))
    n = joint_in + joint_before + other
    sources = domain.values("issue_source")
    community = rng.choice(n_comm, size=n, p=comm_w)
    source_code = np.r_[np.zeros(joint_in + joint_before, np.int64), rng.choice(
        np.arange(1, len(sources)), size=other, p=[0.35, 0.3, 0.1, 0.1, 0.15])]
    raised = np.r_[raised_in, raised_before, raised_o]
    resolved = np.r_[res_in, res_before, res_o]
    statuses = domain.values("issue_status")  # 待办理, 办理中, 已解决
    status_code = np.where(~np.isnat(resolved), 2, (rng.random(n) < 0.7).astype(np.int64))
    partner = _partner_for(rng, community, raised, partners["partner_communities"], partners["partners"], tree,
                           1.0)
    keep = rng.random(n) < np.where(source_code == 0, 0.85, 0.3)
    partner_codes = np.where(keep, partner.codes, -1)
    order = np.lexsort((raised, community))
    return pd.DataFrame(
        {
            "issue_id": np.arange(1, n + 1, dtype=np.int64),
            "community_id": pd.Categorical.from_codes(community[order], categories=list(tree.community_ids)),
            "category": categorical(rng, domain.values("issue_category"), n,
                                    p=[0.16, 0.15, 0.14, 0.1, 0.1, 0.07, 0.06, 0.08, 0.08, 0.06])[order],
            "source": pd.Categorical.from_codes(source_code[order], categories=list(sources)),
            "raised_on": raised[order],
            "resolved_on": resolved[order],
            "status": pd.Categorical.from_codes(status_code[order], categories=list(statuses)),
            "partner_id": pd.Categorical.from_codes(partner_codes[order], categories=partner.categories),
        }
    )


def build_wishes(
    t: Targets, tree: RegionTree, as_of: dt.date, rng: np.random.Generator, partners: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    A = d64(as_of)
    start = d64(service_start(t, as_of))
    n_comm = len(tree.community_ids)
    target = t.wishes_fulfilled
    total = t.wishes_per_community * n_comm
    if target is None:
        target = round(total * 0.82)
    total = max(total, round(target / 0.8) + 1)
    raised = dates.uniform_dates(rng, np.full(total, start), np.full(total, A - 2 * DAY))
    room = (A - raised).astype(np.int64)
    done = np.zeros(total, bool)
    done[weighted_pick(rng, room.astype(float) ** 1.5, target)] = True
    claim_days = np.minimum(np.rint(rng.exponential(5, total)).astype(np.int64), room - 1)
    claimed = raised + claim_days * DAY
    fulfil_days = np.minimum(np.rint(rng.exponential(10, total)).astype(np.int64) + 1, (A - claimed).astype(np.int64))
    fulfilled = np.where(done, claimed + fulfil_days * DAY, np.datetime64("NaT"))
    still_claimed = ~done & (rng.random(total) < 0.5)
    claimed = np.where(done | still_claimed, claimed, np.datetime64("NaT"))
    community = rng.choice(n_comm, size=total, p=tree.population / tree.population.sum())
    status_code = np.where(done, 2, np.where(still_claimed, 1, 0))  # 待认领, 已认领, 已完成
    partner = _partner_for(rng, community, claimed, partners["partner_communities"], partners["partners"], tree, 0.9)
    order = np.lexsort((raised, community))
    return pd.DataFrame(
        {
            "wish_id": np.arange(1, total + 1, dtype=np.int64),
            "community_id": pd.Categorical.from_codes(community[order], categories=list(tree.community_ids)),
            "wish_group": categorical(rng, domain.values("wish_group"), total, p=[0.4, 0.3, 0.2, 0.1])[order],
            "raised_on": raised[order],
            "claimed_on": claimed[order],
            "fulfilled_on": fulfilled[order],
            "partner_id": pd.Categorical.from_codes(np.asarray(partner.codes)[order], categories=partner.categories),
            "status": pd.Categorical.from_codes(status_code[order], categories=list(domain.values("wish_status"))),
        }
    )


def build_points(
    t: Targets, tree: RegionTree, as_of: dt.date, rng: np.random.Generator, pools: Pools
) -> dict[str, pd.DataFrame]:
    """初心储蓄本: accounts per community, and a ledger whose balances never go negative."""
    A = d64(as_of)
    start = d64(service_start(t, as_of))
    n_comm = len(tree.community_ids)
    per_comm = np.maximum(1, np.rint(t.point_accounts_per_community * tree.population / tree.population.mean()
                                     * rng.uniform(0.7, 1.3, n_comm))).astype(np.int64)
    acc_comm = np.repeat(np.arange(n_comm), per_comm)
    n_acc = len(acc_comm)
    opened = dates.uniform_dates(rng, np.full(n_acc, start), np.full(n_acc, A - 30 * DAY))
    account_ids = np.char.add("A", np.char.zfill(np.arange(1, n_acc + 1).astype(str), 8))
    accounts = pd.DataFrame(
        {
            "account_id": account_ids,
            "community_id": pd.Categorical.from_codes(acc_comm, categories=list(tree.community_ids)),
            "holder_name": categorical(rng, pools.person_names, n_acc),
            "phone": np.char.add(draw(rng, ("13", "15", "18"), n_acc),
                                 np.char.zfill(rng.integers(0, 10**9, n_acc).astype(str), 9)),
            "opened_on": opened,
        }
    )
    entries = rng.poisson(t.ledger_rows_per_account, n_acc) + 1
    acc = np.repeat(np.arange(n_acc), entries)
    m = len(acc)
    when = opened[acc] + np.floor(rng.random(m) * ((A - opened[acc]).astype(np.int64) + 1)).astype(np.int64) * DAY
    order = np.lexsort((when, acc))
    acc, when = acc[order], when[order]
    redeem = rng.random(m) < 0.22
    points = np.where(redeem, -rng.choice([20, 30, 50, 80, 100], m), rng.choice([5, 10, 15, 20], m)).astype(np.int64)
    # A redemption that would overdraw the account becomes an earning instead (one pass suffices).
    balance = np.cumsum(points)
    first = np.r_[True, acc[1:] != acc[:-1]]
    base = np.maximum.accumulate(np.where(first, np.arange(m), 0))
    running = balance - np.r_[0, balance][base]
    flip = (points < 0) & (running < 0)
    points[flip] = -points[flip]
    items = list(POINT_EARN_ITEMS) + list(POINT_REDEEM_ITEMS)
    item_code = np.where(points > 0, rng.integers(0, len(POINT_EARN_ITEMS), m),
                         len(POINT_EARN_ITEMS) + rng.integers(0, len(POINT_REDEEM_ITEMS), m))
    ledger = pd.DataFrame(
        {
            "entry_id": np.arange(1, m + 1, dtype=np.int64),
            "account_id": pd.Categorical.from_codes(acc, categories=account_ids),
            "community_id": pd.Categorical.from_codes(acc_comm[acc], categories=list(tree.community_ids)),
            "entry_date": when,
            "points": points.astype(np.int32),
            "item": pd.Categorical.from_codes(item_code, categories=items),
        }
    )
    return {"point_accounts": accounts, "points_ledger": ledger}
