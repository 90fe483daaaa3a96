"""头雁队伍 Secretaries and reserves: age, grades against 1:3:6, the subsidy bill, and the reserve
pipeline by target post with the born-in-the-1990s share."""

from __future__ import annotations

import streamlit as st

from cgw import domain
from cgw.webui import charts, data, kpi, layout, sections, state
from cgw.webui.i18n import lang, tr, value_label
from metrics import catalogue, placement
from pages import page

SUBSIDY = domain.SECRETARY_GRADE_SUBSIDY
view = state.current()
layout.header(page("secretaries").heading(lang()))
kpi.cards(placement.cards("secretaries"), view.filters)


def grades() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("secretaries", "age_band", title=tr("书记年龄结构", "Secretaries by age"),
                             name="secretaries_by_age", share=True)
    with right:
        heading = tr(f"{view.as_of.year}年书记等次结构与1:3:6目标", f"Secretary grades in {view.as_of.year} against 1:3:6")
        charts.title(heading, tr("已评定等次书记中各等次的占比；竖线为目标比例。",
                                 "Share of each grade among graded secretaries; the tick marks the target."))
        grade_ids = ["grade_one_share", "grade_two_share", "grade_three_share"]
        values = data.evaluate(grade_ids, view.filters)
        if all(values[g] is None for g in grade_ids):
            sections.no_data(catalogue.get("graded_secretaries"),
                             tr("本年度尚未评定书记等次。", "No secretary has been graded for this year yet."))
        else:
            rows = []
            for gid, grade in zip(grade_ids, ("一等", "二等", "三等")):
                m = catalogue.get(gid)
                rows.append((grade, value_label("secretary_grade", grade), m, values[gid], m.benchmark))
            charts.draw("target_bars", rows, tr("1:3:6目标", "1:3:6 target"), name="secretary_grades_vs_target",
                        title=heading)
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_region("monthly_subsidy", benchmark=False)
    with right:
        sections.by_category("monthly_subsidy", "secretary_grade", drop_zero=True,
                             title=tr("书记等次月补贴（按等次）", "Monthly grade subsidy by grade"),
                             name="subsidy_by_grade",
                             note=tr("、".join(f"{g}{y}元" for g, y in SUBSIDY.items()) + "/人·月。",
                                     " / ".join(str(y) for y in SUBSIDY.values()) + " yuan a month by grade."))


def reserves() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.crosstab("reserve_pool", "target_post", "generation", percent=False,
                          title=tr("后备人才库（按储备岗位与年代）", "Reserve pool by target post and generation"),
                          name="reserve_by_post_and_generation",
                          empty_hint=tr("后备人才库中暂无在库人选。", "The reserve pool is empty."))
    with right:
        heading = tr("90后后备人选（按储备岗位）", "1990s-born reserve candidates by target post")
        charts.title(heading, tr("竖线为奎文区报道值（正职12人、副职49人、两委成员76人）。",
                                 "Ticks: the Kuiwen report (12 head, 49 deputy, 76 committee)."))
        post_ids = {"正职": "reserve_90s_head", "副职": "reserve_90s_deputy", "两委成员": "reserve_90s_committee"}
        values = data.evaluate(list(post_ids.values()), view.filters)
        if not any(values.values()):
            sections.no_data(catalogue.get("reserve_90s"))
        else:
            rows = [(post, value_label("target_post", post), catalogue.get(mid), values[mid],
                     kpi.benchmark_for(catalogue.get(mid), view.region_id)) for post, mid in post_ids.items()]
            charts.draw("target_bars", rows, tr("奎文区报道值", "Kuiwen report"), name="reserve_90s_by_post",
                        title=heading)


layout.sections([
    (tr("书记与等次", "Secretaries and grades"), grades),
    (tr("后备人才", "Reserves"), reserves, 1),
])  # fmt: skip
