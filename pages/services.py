"""民生服务 Services: livelihood issues (raised → resolved, resolution rate, median days), wishes
(raised → claimed → fulfilled, by group 一老/一小/一困), points earned against redeemed."""

from __future__ import annotations

import streamlit as st

from cgw.outputs.charts import palette
from cgw.webui import charts, data, kpi, layout, sections, state
from cgw.webui.i18n import lang, tr
from metrics import catalogue, placement
from pages import page

view = state.current()
layout.header(page("services").heading(lang()))
kpi.cards(placement.cards("services"), view.filters)
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
        frames = [(catalogue.get(mid), palette.METRIC_COLOURS[mid], data.breakdown(mid, view.filters, "month"))
                  for mid in ("points_earned", "points_redeemed")]
        if not any(float(df["value"].fillna(0).sum()) for _, _, df in frames):
            sections.no_data(catalogue.get("points_earned"))
        else:
            charts.draw("grouped", frames, "month", name="points_by_month", title=heading)
    with right:
        sections.by_category("points_earned", "points_item", sort=True, top=10,
                             title=tr("本期积分获得（按事项）", "Points earned this period by activity"),
                             name="points_earned_by_item")


layout.sections([
    (tr("民生诉求", "Issues"), issues),
    (tr("各地解决情况", "By place"), by_place, 1),
    (tr("微心愿与积分", "Wishes and points"), wishes_and_points),
])  # fmt: skip
