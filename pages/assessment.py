"""考核激励 Assessment and incentives: grade distribution per role category, composite scores,
exits under the negative list."""

from __future__ import annotations

import streamlit as st

from cgw.webui import kpi, layout, sections, state
from cgw.webui.i18n import lang, tr
from metrics import placement
from pages import page

view = state.current()
layout.header(page("assessment").heading(lang()))
comps = kpi.cards(placement.cards("assessment"), view.filters)
year = view.filters.params()["last_year_end"].year
layout.note(tr(f"年度考核指标取最近一个完整年度（{year}年）的结果。",
               f"Annual assessment figures are for the latest completed year ({year})."))


def results() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.crosstab("assessed_workers", "role_category", "assessment_grade",
                          title=tr(f"{year}年度考核等次（按岗位类别）", f"{year} assessment grades by role category"),
                          name="assessment_grades_by_role",
                          empty_hint=tr("该年度尚无考核结果。", "No assessment results for that year yet."))
    with right:
        sections.by_category("composite_score", "role_category",
                             title=tr(f"{year}年度考核综合得分（按岗位类别）", f"{year} composite score by role category"),
                             name="composite_score_by_role",
                             note=tr("平时考核、年度考核、服务对象评价按岗位类别权重加权。",
                                     "Routine, annual and client scores weighted by each role category's template."))
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_region("composite_score", benchmark=False)
    with right:
        sections.by_region("assessment_excellent_share", benchmark=False)


def exits() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("negative_list_exits", "exit_reason", drop_zero=True, sort=True,
                             title=tr("近12个月负面清单退出（按情形）", "Negative-list exits in the last 12 months by reason"),
                             name="negative_list_exits_by_reason",
                             empty_hint=tr("近12个月没有因履职负面清单情形退出的人员。",
                                           "Nobody left under the negative list in the last 12 months."))
    with right:
        sections.yearly("exits_period", "exit_kind", title=tr("历年离岗人数（正常退出与负面清单退出）",
                                                              "Exits by year: regular and negative list"),
                        name="exits_by_year_and_kind")


layout.sections([
    (tr("考核结果", "Results"), results),
    (tr("退出", "Exits"), exits, 1),
])  # fmt: skip
