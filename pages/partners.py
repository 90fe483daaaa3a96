"""幸福合伙人 Partners: by type and subtype, by kind against the Hongtong report, per community,
the quarterly three-way evaluation ranking (top and bottom), and the five-level structure
(县委 → 乡镇党委 → 社区党组织 → 小区（网格）党支部 → 党员中心户)."""

from __future__ import annotations

import html

import streamlit as st

from cgw import domain
from cgw.domain import periods
from cgw.webui import charts, data, kpi, layout, sections, state
from cgw.webui.i18n import lang, tr
from metrics import catalogue, placement
from pages import page

view = state.current()
layout.header(page("partners").heading(lang()))
kpi.cards(placement.opening_cards("partners"), view.filters)
NO_PARTNER = tr("该区划暂无在册的幸福合伙人。", "No partner serves this region yet.")
NOT_EVALUATED = tr("上一完整季度没有合伙人评价记录。", "No partner was evaluated in the last completed quarter.")


KINDS = ("partner_departments", "partner_associations", "partner_talent_studios")
KIND_KEYS = {"partner_departments": "机关单位", "partner_associations": "行业协会", "partner_talent_studios": "人才工作室"}


def partners() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("partners", "partner_type", kind="donut", center=True,
                             title=tr("合伙人类型", "Partners by type"), name="partners_by_type", empty_hint=NO_PARTNER)
    with right:
        heading = tr("合伙人类别：部门单位、行业协会、人才工作室", "Partners by kind: departments, associations, talent studios")
        first = catalogue.get(KINDS[0])
        bench = kpi.benchmark_for(first, view.region_id)
        charts.title(heading, tr("职能部门及驻区单位、行业协会、人才工作室的在册数量" + ("；竖线为洪洞县报道值。" if bench else "。"),
                                 "Government bodies, trade associations and talent studios in service"
                                 + ("; ticks: the Hongtong report." if bench else ".")))
        if layout.at_grid() and sections.community_only(first):
            pass
        else:
            values = data.evaluate(list(KINDS), view.filters)
            if not any(values.values()):
                sections.no_data(catalogue.get("partners"), NO_PARTNER)
            else:
                rows = [(KIND_KEYS[mid], catalogue.get(mid).label(lang()), catalogue.get(mid), values[mid],
                         kpi.benchmark_for(catalogue.get(mid), view.region_id)) for mid in KINDS]
                charts.draw("target_bars", rows, tr("洪洞县报道值", "Hongtong report"), name="partners_by_kind",
                            title=heading)
    words = layout.child_level_words()
    left, right = st.columns(2, gap="large")
    with left:
        # Below a district, each bar is one community: its partner count.
        per_community = sections.by_region("partners" if words and words[1] == "community" else "partners_per_community",
                                           benchmark=False, name="partners_per_community_by_region")
        if per_community is not None and words and words[1] == "community" and not layout.big():
            none = per_community[per_community["value"].fillna(0) == 0]["label"].tolist()
            if none:
                st.warning(tr(f"以下{len(none)}个社区暂无幸福合伙人：" + "、".join(none) + "。可优先对接驻区单位和爱心商铺。",
                              f"{len(none)} {'community has' if len(none) == 1 else 'communities have'} no partner yet: "
                              + ", ".join(none) + "."), icon=":material/warning:")
    with right:
        sections.crosstab("partners", "partner_type", "partner_subtype", percent=False,
                          title=tr("合伙人细类", "Partners by type and subtype"), name="partners_by_subtype",
                          empty_hint=NO_PARTNER)


def rankings() -> None:
    year, quarter = periods.last_completed_quarter(view.as_of)
    w = domain.PARTNER_EVALUATION_WEIGHTS
    score = catalogue.get("partner_score")
    ranking = data.crosstab_df("partner_score", view.filters, "partner", "partner_type")
    ranking = ranking.dropna(subset=["value"]).sort_values("value", ascending=False)
    n = min(10, len(ranking) // 2) if len(ranking) > 1 else len(ranking)
    count = sections.NUMERALS[n] if n <= 10 else str(n)  # the titles say how many rows are shown
    left, right = st.columns(2, gap="large")
    for col, part, zh, en, name in (
        (left, ranking.head(n), f"前{count}名", f"top {n}", "partner_ranking_top"),
        (right, ranking.tail(n).iloc[::-1] if len(ranking) > 1 else ranking.iloc[0:0], f"后{count}名（最低在上）",
         f"bottom {n} (lowest first)", "partner_ranking_bottom"),
    ):
        with col:
            heading = tr(f"{year}年第{quarter}季度合伙人评价{zh}", f"Partner evaluation, {year} Q{quarter}: {en}")
            charts.title(heading,
                         tr(f"居民评价{w[0]:.0%}、社区考核{w[1]:.0%}、行业评议{w[2]:.0%}加权总分；颜色为合伙人类型。",
                            f"Resident {w[0]:.0%}, community {w[1]:.0%}, industry {w[2]:.0%} weighted total; "
                            "colour shows the partner type."))
            if layout.at_grid() and sections.community_only(score):
                continue
            if part.empty:
                sections.no_data(score, NOT_EVALUATED)
            else:
                charts.draw("ranking", score, part, "partner_type", name=name, title=heading)
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("partner_score", "partner_type",
                             title=tr("合伙人季度综合评分（按类型）", "Partner quarterly score by type"),
                             name="partner_score_by_type", empty_hint=NOT_EVALUATED)
    with right:
        sections.by_category("partners", "recruitment_channel", kind="donut", center=True,
                             title=tr("合伙人招募渠道（线上、线下）", "Partners by recruitment channel"),
                             name="partners_by_channel",
                             empty_hint=tr("在册合伙人尚未登记招募渠道。", "No partner's recruitment channel is recorded."))


def committee(level: str, name: str) -> str:
    """The Party organisation at the top of a region: 县委, 区委, 街道（乡镇）党委, 社区党组织, 网格党支部."""
    if level in ("province", "city", "district") and name and name[-1] in "省市区县":
        return tr(f"{name[-1]}委", "Party committee")
    return {"street": tr("乡镇（街道）党委", "Street Party committee"), "community": tr("社区党组织", "Community Party branch"),
            "grid": tr("小区（网格）党支部", "Grid Party branch")}.get(level, tr("党委", "Party committee"))


def structure() -> None:
    kpi.cards(placement.section_cards("partners", "structure"), view.filters, section=True)
    level = data.region_level(view.region_id) or "district"
    values = data.evaluate(["streets", "communities", "grid_party_branches", "party_households"], view.filters)
    steps = [(committee(level, data.region_name(view.region_id)), 1.0, "个", data.region_name(view.region_id))]
    below = {"district": [("street", tr("乡镇（街道）党委", "Street committees"), values["streets"], "个"),
                          ("community", tr("社区党组织", "Community branches"), values["communities"], "个")],
             "street": [("community", tr("社区党组织", "Community branches"), values["communities"], "个")]}
    for _, label, value, unit in below.get(level, []):
        steps.append((label, value, unit, ""))
    if level != "grid":
        steps.append((tr("小区（网格）党支部", "Grid Party branches"), values["grid_party_branches"], "个", ""))
    steps.append((tr("党员中心户", "Contact households"), values["party_households"], "户", ""))
    heading = tr("五级组织架构", "The five-level structure")
    st.markdown("**" + heading + "**" + tr(f"：{layout.region_name()}从上到下各级党组织的个数。",
                                           f": Party organisations at each level below {layout.region_name()}."))
    boxes = []
    for i, (label, value, unit, note) in enumerate(steps):
        number = "—" if value is None else f"{value:,.0f}"
        unit_text = unit if lang() == "zh" else ""
        boxes.append(f'<div class="lvl lvl{i}"><div class="n">{number}<small>{html.escape(unit_text)}</small></div>'
                     f'<div class="t">{html.escape(label)}</div>'
                     + (f'<div class="s">{html.escape(note)}</div>' if note else "") + "</div>")
    st.html('<style>.levels{display:flex;flex-wrap:wrap;align-items:stretch;gap:6px;margin:4px 0 14px}'
            '.levels .lvl{flex:1 1 120px;border-radius:10px;padding:10px 12px;color:#fff;min-width:110px}'
            '.levels .lvl .n{font-size:1.9rem;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}'
            '.levels .lvl .n small{font-size:0.9rem;font-weight:400;margin-left:2px}'
            '.levels .lvl .t{font-size:0.95rem;margin-top:4px}.levels .lvl .s{font-size:0.8rem;opacity:0.85}'
            '.levels .arrow{align-self:center;font-size:1.4rem;color:#9AA3B2}'
            '.lvl0{background:#B2182B}.lvl1{background:#D6604D}.lvl2{background:#3A6EA5}.lvl3{background:#4C9A7A}'
            '.lvl4{background:#7A9E3B}</style>'
            '<div class="levels">' + '<div class="arrow">→</div>'.join(boxes) + "</div>")
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_region("grid_branch_coverage", benchmark=False)
    with right:
        sections.by_region("party_households", benchmark=False)


layout.sections([
    (tr("合伙人构成", "Partners"), partners),
    (tr("季度评价排名", "Quarterly ranking"), rankings),
    (tr("五级架构", "Five-level structure"), structure, 1),
])  # fmt: skip
