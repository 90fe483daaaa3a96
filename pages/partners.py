"""幸福合伙人 Partners: by type and subtype, per community, and the quarterly three-way
evaluation ranking (top and bottom)."""

from __future__ import annotations

import streamlit as st

from cgw import domain
from cgw.domain import periods
from cgw.webui import charts, data, kpi, layout, sections, state
from cgw.webui.i18n import lang, tr
from metrics import catalogue, placement
from pages import page

view = state.current()
layout.header(page("partners").heading(lang()))
kpi.cards(placement.cards("partners"), view.filters)
NO_PARTNER = tr("该区划暂无在册的幸福合伙人。", "No partner serves this region yet.")
NOT_EVALUATED = tr("上一完整季度没有合伙人评价记录。", "No partner was evaluated in the last completed quarter.")


def partners() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("partners", "partner_type", kind="donut", center=True,
                             title=tr("合伙人类型", "Partners by type"), name="partners_by_type", empty_hint=NO_PARTNER)
    with right:
        sections.crosstab("partners", "partner_type", "partner_subtype", percent=False,
                          title=tr("合伙人细类", "Partners by type and subtype"), name="partners_by_subtype",
                          empty_hint=NO_PARTNER)
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
        sections.by_category("partner_score", "partner_type",
                             title=tr("合伙人季度综合评分（按类型）", "Partner quarterly score by type"),
                             name="partner_score_by_type", empty_hint=NOT_EVALUATED)


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
            if part.empty:
                sections.no_data(score, NOT_EVALUATED)
            else:
                charts.draw("ranking", score, part, "partner_type", name=name, title=heading)


layout.sections([
    (tr("合伙人构成", "Partners"), partners),
    (tr("季度评价排名", "Quarterly ranking"), rankings, 1),
])  # fmt: skip
