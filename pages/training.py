"""培育 Training: coverage, hours and results, by programme and over time; the training mechanisms
(书记工作室, 跟班实训, 治理沙龙, rotations) and the training base (teaching sites, colleges,
teacher pools, courses) against the Kuiwen report. Opened from a weak competency dimension
(?programme=…), it says which programme addresses it and how much of it ran."""

from __future__ import annotations

import streamlit as st

from cgw.domain import CATEGORIES
from cgw.webui import charts, data, kpi, layout, sections, state
from cgw.webui.i18n import lang, tr, value_label
from metrics import catalogue, formatting, placement
from pages import page

view = state.current()
layout.header(page("training").heading(lang()))
kpi.cards(placement.opening_cards("training"), view.filters)


def asked_programme() -> str | None:
    """The programme a weak competency dimension links to (?programme=…), if it is one."""
    try:
        value = st.query_params.get("programme")
    except Exception:  # noqa: BLE001 - a malformed query string
        return None
    return value if value in {v for v, _ in CATEGORIES["training_programme"]} else None


if (programme := asked_programme()) and not layout.big():
    times = data.breakdown("training_person_times", view.filters, "programme")
    hours = data.breakdown("training_hours", view.filters, "programme")
    n = float(times.loc[times["key"] == programme, "value"].sum())
    h = float(hours.loc[hours["key"] == programme, "value"].sum())
    name = value_label("programme", programme)
    with st.container(border=True):
        st.markdown(tr(f":material/school: **“{name}”培训**：胜任力测评中的短板维度由该项目补齐。"
                       f"{layout.period_words()}开展{formatting.value(catalogue.get('training_person_times'), n, lang())}、"
                       f"{formatting.value(catalogue.get('training_hours'), h, lang())}。",
                       f":material/school: **{name}** addresses a weak competency dimension. This "
                       f"{layout.period_words()}: {formatting.value(catalogue.get('training_person_times'), n, lang())}, "
                       f"{formatting.value(catalogue.get('training_hours'), h, lang())}."))


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


RESOURCES = (("现场教学点", "teaching_sites"), ("合作院校", "partner_colleges"), ("师资库", "teacher_pools"),
             ("特色课程", "featured_courses"), ("精品专题", "special_topics"))


def mechanisms() -> None:
    kpi.cards(placement.section_cards("training", "mechanisms"), view.filters, section=True)
    left, right = st.columns(2, gap="large")
    with left:
        heading = tr("赋能阵地", "The training base")
        first = catalogue.get(RESOURCES[0][1])
        bench = kpi.benchmark_for(first, view.region_id)
        charts.title(heading, tr("统计日在用的现场教学点、共建院校、师资库和开发的课程专题；竖线为奎文区报道值。"
                                 if bench is not None else "统计日在用的现场教学点、共建院校、师资库和开发的课程专题。",
                                 "Teaching sites, partner colleges, teacher pools, courses and topics on the as-of date"
                                 + ("; ticks: the Kuiwen report." if bench is not None else ".")))
        if layout.at_grid() and sections.community_only(first):
            pass
        else:
            values = data.evaluate([mid for _, mid in RESOURCES], view.filters)
            if not any(values.values()):
                sections.no_data(first, tr("尚未建立现场教学点、共建院校、师资库或课程专题。",
                                           "No teaching site, college, teacher pool or course yet."))
            else:
                rows = [(key, catalogue.get(mid).label(lang()), catalogue.get(mid), values[mid],
                         kpi.benchmark_for(catalogue.get(mid), view.region_id)) for key, mid in RESOURCES]
                charts.draw("target_bars", rows, tr("奎文区报道值", "Kuiwen report"), name="training_base", title=heading)
    with right:
        sections.by_category("rotating_deputies", "rotation_kind", drop_zero=True,
                             title=tr("跨岗位、跨社区锻炼的社区副职（按锻炼方式）", "Deputies in rotation by kind"),
                             name="rotations_by_kind",
                             note=tr("截至统计日，一人多次按每种方式各计一人。",
                                     "Up to the as-of date; a deputy who did both kinds counts in each."),
                             empty_hint=tr("尚无社区副职参加跨岗位、跨社区锻炼。", "No deputy has rotated yet."))


layout.sections([
    (tr("覆盖与项目", "Coverage and programmes"), programmes),
    (tr("按月与历年", "By month and year"), over_time, 1),
    (tr("实岗锻炼与赋能阵地", "Training mechanisms"), mechanisms, 1),
])  # fmt: skip
