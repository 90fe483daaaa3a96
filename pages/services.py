"""民生服务 Services: livelihood issues (raised → resolved, resolution rate, median days), wishes
(raised → claimed → fulfilled, by group 一老/一小/一困), points earned against redeemed, and
residents' needs against the supply lists (gaps in red, needs nobody's supply covers, supply
without demand)."""

from __future__ import annotations

import streamlit as st

from cgw.outputs.charts import palette
from cgw.webui import charts, data, kpi, layout, sections, state
from cgw.webui.i18n import lang, tr
from metrics import catalogue, placement
from pages import page

view = state.current()
layout.header(page("services").heading(lang()))
kpi.cards(placement.opening_cards("services"), view.filters)
CUMULATIVE = tr("截至统计日累计。", "Cumulative up to the as-of date.")
WISH_STAGES = [("wishes_raised", "征集", "Raised"), ("wishes_claimed", "认领", "Claimed"),
               ("wishes_fulfilled", "完成", "Fulfilled")]


def issues() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        heading = tr("本期诉求办理：受理 → 解决", "Issues this period: raised → resolved")
        charts.title(heading, tr("本期受理的诉求中，截至统计日已解决的件数。",
                                 "Issues raised this period and resolved by the as-of date."))
        rate = catalogue.get("issue_resolution_rate")
        by_cat = data.breakdown(rate.id, view.filters, "issue_category")
        raised, resolved = float(by_cat["denominator"].fillna(0).sum()), float(by_cat["numerator"].fillna(0).sum())
        if not raised:
            sections.no_data(catalogue.get("issues_raised"), tr("本期没有受理民生诉求。", "No issue was raised this period."))
        else:
            count = catalogue.get("issues_raised")
            charts.draw("funnel", [
                (tr("受理", "Raised"), count, raised, palette.METRIC_COLOURS["issues_raised"]),
                (tr("已解决", "Resolved"), count, resolved, palette.colour("已解决")),
            ], name="issues_funnel", title=heading)  # fmt: skip
    with right:
        sections.by_category("issues_raised", "issue_status", kind="donut", center=True,
                             title=tr("本期诉求办理状态", "Issues this period by status"), name="issues_by_status")
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("issue_resolution_rate", "issue_category", sort=True,
                             title=tr("诉求解决率（按类别）", "Resolution rate by category"),
                             name="resolution_rate_by_category")
    with right:
        sections.by_region("issue_median_days", benchmark=False)


def by_place() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_region("issue_resolution_rate", benchmark=False)
    with right:
        sections.by_category("issues_resolved", "issue_category", drop_zero=True, sort=True,
                             title=tr("联席会议解决民生难题（按类别）", "Issues resolved via joint meetings by category"),
                             name="joint_meeting_issues_by_category")


def wishes_and_points() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        heading = tr("微心愿：征集 → 认领 → 完成", "Wishes: raised → claimed → fulfilled")
        charts.title(heading, CUMULATIVE)
        totals = data.evaluate([s[0] for s in WISH_STAGES], view.filters)
        if not totals["wishes_raised"]:
            sections.no_data(catalogue.get("wishes_raised"))
        else:
            charts.draw("funnel", [(tr(zh, en), catalogue.get(mid), totals[mid], palette.METRIC_COLOURS[mid])
                                   for mid, zh, en in WISH_STAGES], name="wishes_funnel", title=heading)
    with right:
        heading = tr("微心愿（按服务对象：一老、一小、一困）", "Wishes by group (elderly, children, hardship)")
        charts.title(heading, CUMULATIVE)
        frames = [(catalogue.get(mid), palette.METRIC_COLOURS[mid], data.breakdown(mid, view.filters, "wish_group"))
                  for mid, _, _ in WISH_STAGES]
        if not any(float(df["value"].fillna(0).sum()) for _, _, df in frames):
            sections.no_data(catalogue.get("wishes_raised"))
        else:
            charts.draw("grouped", frames, "wish_group", name="wishes_by_group", title=heading)
    left, right = st.columns(2, gap="large")
    with left:
        heading = tr("本期积分获得与兑换（按月）", "Points earned and redeemed this period by month")
        charts.title(heading)
        # Each series is looked up by its month: a month with points earned but none redeemed is a 0.
        if layout.at_grid() and sections.community_only(catalogue.get("points_earned")):
            frames = []
        else:
            frames = [(catalogue.get(mid), palette.METRIC_COLOURS[mid], data.breakdown(mid, view.filters, "month"))
                      for mid in ("points_earned", "points_redeemed")]
        if layout.at_grid() and not frames:
            pass
        elif not any(float(df["value"].fillna(0).sum()) for _, _, df in frames):
            sections.no_data(catalogue.get("points_earned"))
        else:
            charts.draw("grouped", frames, "month", name="points_by_month", title=heading)
    with right:
        sections.by_category("points_earned", "points_item", sort=True, top=10,
                             title=tr("本期积分获得（按事项）", "Points earned this period by activity"),
                             name="points_earned_by_item")


def needs() -> None:
    kpi.cards(placement.section_cards("services", "needs"), view.filters, section=True)
    left, right = st.columns(2, gap="large")
    with left:
        if layout.at_grid():  # the supply lists serve communities: a grid has its needs only
            sections.by_category("needs_registered", "need_category", sort=True,
                                 title=tr("本期登记居民需求（按类别）", "Needs registered this period by category"),
                                 name="needs_by_category",
                                 note=tr("服务供给按社区统计，供需对照请在社区层级查看。",
                                         "Supply is kept per community: compare needs with supply at the community."))
        else:
            heading = tr("需求与供给（按需求类别）", "Needs against supply by category")
            charts.title(heading, tr("左：本期登记的居民需求；右：统计日在供的服务项目（服务供给清单和社区服务清单）。",
                                     "Left: needs registered this period; right: supply items in service on the as-of date."))
            registered, supplied, unserved = (data.breakdown(mid, view.filters, "need_category")
                                              for mid in ("needs_registered", "supply_items", "needs_unserved"))
            if not (float(registered["value"].fillna(0).sum()) or float(supplied["value"].fillna(0).sum())):
                sections.no_data(catalogue.get("needs_registered"),
                                 tr("本期没有登记居民需求，也没有在供的服务项目。", "No need registered and no supply in service."))
            else:
                gaps = [str(k) for k, v in zip(unserved["key"], unserved["value"]) if (v or 0) > 0]
                charts.draw("needs_supply", catalogue.get("needs_registered"), registered, catalogue.get("supply_items"),
                            supplied, gaps, name="needs_against_supply", title=heading,
                            note=tr("红色：该类别有待匹配的需求而所在社区没有同类服务供给（无人认领），是供需缺口。",
                                    "Red: needs of this kind are waiting and no supply of the kind serves their "
                                    "community (a gap)."))
    with right:
        heading = tr("居民需求（按服务对象：一老、一小、一困）", "Needs by group (elderly, children, hardship)")
        charts.title(heading, tr("本期登记、匹配和满足的需求件数。", "Needs registered, matched and met this period."))
        stages = ("needs_registered", "needs_matched", "needs_met")
        frames = [(catalogue.get(mid), palette.METRIC_COLOURS[mid], data.breakdown(mid, view.filters, "need_group"))
                  for mid in stages]
        if not any(float(df["value"].fillna(0).sum()) for _, _, df in frames):
            sections.no_data(catalogue.get("needs_registered"))
        else:
            charts.draw("grouped", frames, "need_group", name="needs_by_group", title=heading)
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("needs_unserved", "need_category", sort=True, drop_zero=True,
                             title=tr("无人认领的需求（按类别）", "Needs no supply covers, by category"),
                             name="unserved_needs_by_category",
                             note=tr("统计日待匹配、且所在社区没有同类服务供给的需求：需对接合伙人或职能部门补齐供给。",
                                     "Needs waiting on the as-of date with no supply of their kind in their community: "
                                     "bring in a partner or a department."),
                             empty_hint=tr("每一件待匹配的需求都有同类服务供给可对接。",
                                           "No waiting need lacks a supply of its kind."))
    with right:
        sections.by_category("supply_idle", "need_category", sort=True, drop_zero=True,
                             title=tr("无需求对接的供给（按类别）", "Supply without demand, by category"),
                             name="idle_supply_by_category",
                             note=tr("在供服务项目中，近12个月所服务社区没有同类需求的项目数：可调整服务内容。",
                                     "Supply items whose communities raised no need of their kind in 12 months."),
                             empty_hint=tr("没有闲置的服务供给：每个在供项目近12个月都有同类需求。",
                                           "No idle supply: every item met a need of its kind in the last 12 months."))


layout.sections([
    (tr("民生诉求", "Issues"), issues),
    (tr("各地解决情况", "By place"), by_place, 1),
    (tr("微心愿与积分", "Wishes and points"), wishes_and_points),
    (tr("需求与供给", "Needs and supply"), needs),
])  # fmt: skip
