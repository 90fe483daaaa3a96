"""培育 Training: coverage, hours and results, by programme and over time."""

from __future__ import annotations

import streamlit as st

from cgw.webui import kpi, layout, sections, state
from cgw.webui.i18n import lang, tr
from metrics import placement
from pages import page

view = state.current()
layout.header(page("training").heading(lang()))
kpi.cards(placement.cards("training"), view.filters)


def programmes() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_region("training_coverage", benchmark=False)
    with right:
        sections.by_category("training_person_times", "programme", share=True,
                             title=tr("本期培训人次（按项目）", "Training person-times this period by programme"),
                             name="trainings_by_programme")
    left, right = st.columns(2, gap="large")
    with left:
        sections.crosstab("training_person_times", "programme", "result",
                          title=tr("本期培训结果（按项目）", "Training results this period by programme"),
                          name="training_results_by_programme")
    with right:
        sections.by_category("training_hours", "programme",
                             title=tr("本期培训学时（按项目）", "Training hours this period by programme"),
                             name="training_hours_by_programme")


def over_time() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("training_person_times", "month", kind="time",
                             title=tr("本期培训人次（按月）", "Training person-times this period by month"),
                             name="trainings_by_month")
    with right:
        sections.trend(["training_coverage"], subject=tr("培训覆盖率", "Training coverage"),
                       name="training_coverage_trend")


layout.sections([
    (tr("覆盖与项目", "Coverage and programmes"), programmes),
    (tr("按月与历年", "By month and year"), over_time, 1),
])  # fmt: skip
