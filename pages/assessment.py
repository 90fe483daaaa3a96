"""考核激励 Assessment and incentives: grade distribution per role category, composite scores,
exits under the negative list; 胜任力测评 (the region's profile against the district, weak
dimensions and the training that addresses each); secondments (the rule: none) and what the
annual assessment led to."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cgw.outputs.charts import palette
from cgw.webui import charts, data, kpi, layout, sections, state
from cgw.webui.i18n import lang, tr, value_label
from metrics import catalogue, formatting, placement
from pages import page

view = state.current()
layout.header(page("assessment").heading(lang()))
comps = kpi.cards(placement.opening_cards("assessment"), view.filters)
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


def competency() -> None:
    kpi.cards(placement.section_cards("assessment", "competency"), view.filters, section=True)
    score, weak = catalogue.get("competency_score"), catalogue.get("competency_weak_share")
    dims = data.competency_dimensions()
    root = data.root_region()
    here = data.breakdown(score.id, view.filters, "competency_dimension")
    whole = data.breakdown(score.id, view.filters.in_region(root), "competency_dimension") if root != view.region_id \
        else None
    left, right = st.columns(2, gap="large")
    with left:
        heading = tr("胜任力画像（各维度平均分）", "Competency profile: mean score by dimension")
        charts.title(heading, tr("近12个月测评；虚线为各维度达标线。", "Last 12 months' assessments; the dashed ring is each "
                                 "dimension's threshold."))
        if here["value"].dropna().empty or not dims:
            sections.no_data(score, tr("近12个月没有胜任力测评记录。", "No competency assessment in the last 12 months."))
        else:
            frames = [(layout.region_name(), here, palette.PRIMARY)]
            if whole is not None:
                frames.append((data.region_name(root), whole, palette.WHOLE))
            charts.draw("radar", score, frames, [(d.dimension_id, d.name(lang())) for d in dims],
                        (tr("达标线", "Threshold"), [d.threshold for d in dims]), name="competency_radar", title=heading)
    with right:
        heading = tr("低于达标线的得分占比（按维度与岗位类别）", "Scores below the threshold by dimension and role")
        charts.title(heading, tr("颜色越深，该岗位在该维度低于达标线的比例越高。",
                                 "The darker the cell, the larger the share of scores below the threshold."))
        cells = data.crosstab_df(weak.id, view.filters, "competency_dimension", "role_category")
        if cells.empty or cells["value"].dropna().empty or not dims:
            sections.no_data(weak, tr("近12个月没有胜任力测评记录。", "No competency assessment in the last 12 months."))
        else:
            charts.draw("heatmap", weak, cells, "competency_dimension", "role_category",
                        x_order=[(d.dimension_id, d.name(lang())) for d in dims], name="competency_weak_by_role",
                        title=heading)
    left, right = st.columns(2, gap="large")
    with left:
        weak_dimensions(dims, here, whole)
    with right:
        sections.by_region(score.id, benchmark=False)


MARGIN = 1.0  # points below the district that make a dimension weak


def weak_dimensions(dims, here: pd.DataFrame, whole: pd.DataFrame | None) -> None:
    """Each weak dimension (below the district, or below its threshold) with the training programme
    that addresses it, linked to the training page."""
    score = catalogue.get("competency_score")
    st.markdown("**" + tr("短板维度与对应培训", "Weak dimensions and the training that addresses them") + "**")
    mine = {str(k): v for k, v in zip(here["key"], here["value"]) if pd.notna(v)}
    district = {str(k): v for k, v in zip(whole["key"], whole["value"]) if pd.notna(v)} if whole is not None else {}
    if not mine:
        st.caption(tr("近12个月没有胜任力测评记录。", "No competency assessment in the last 12 months."))
        return
    if not district:  # the district itself: weak where the score is below the mean of the dimensions
        mean = sum(mine.values()) / len(mine)
        district = {k: mean for k in mine}
        versus_zh, versus_en = "各维度平均", "the mean of all dimensions"
    else:
        versus_zh, versus_en = data.region_name(data.root_region()), data.region_name(data.root_region())
    # Weak: below the threshold, or a point or more below the district (a few tenths is noise).
    weak = [d for d in dims if d.dimension_id in mine
            and (mine[d.dimension_id] < d.threshold or mine[d.dimension_id] <= district.get(d.dimension_id, -1) - MARGIN)]
    if not weak:
        st.success(tr(f"各维度平均分均达到达标线，且不比{versus_zh}低1分以上。",
                      f"Every dimension meets its threshold and is within a point of {versus_en}."),
                   icon=":material/verified:")
        return
    for d in sorted(weak, key=lambda d: mine[d.dimension_id] - district.get(d.dimension_id, 0)):
        v = mine[d.dimension_id]
        shown = formatting.value(score, v, lang())
        ref = formatting.value(score, district.get(d.dimension_id), lang())
        below = v < d.threshold
        reason = tr(f"低于达标线{d.threshold:g}分" if below else f"低于{versus_zh}（{ref}）",
                    f"below the threshold ({d.threshold:g})" if below else f"below {versus_en} ({ref})")
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.markdown(f":red[**{d.name(lang())}**] {shown}，{reason}" if lang() == "zh"
                        else f":red[**{d.name('en')}**] {shown}, {reason}", width="content")
            if d.programme:
                st.page_link("pages/training.py", label=tr(f"“{d.programme}”培训", value_label("programme", d.programme)),
                             icon=":material/school:", query_params={**state.url_params(), "programme": d.programme})
            else:
                st.caption(tr("尚未关联培训项目", "no training programme linked"))


def duty() -> None:
    kpi.cards(placement.section_cards("assessment", "duty"), view.filters, section=True)
    on_loan = data.evaluate(["workers_on_secondment"], view.filters)["workers_on_secondment"] or 0
    m = catalogue.get("workers_on_secondment")
    if not layout.big():
        if on_loan:
            st.error(tr(f"统计日仍有{formatting.value(m, on_loan, lang())}社区工作者被借调：按专职专干要求，社区工作者不得被借调，"
                        "应限期收回。", f"{formatting.value(m, on_loan, lang())} still on secondment: community workers may "
                        "not be borrowed; recall them."), icon=":material/error:")
        else:
            st.success(tr("统计日没有社区工作者被借调，符合专职专干要求（目标为0人）。",
                          "Nobody is on secondment: the full-time-duty rule (none) is met."), icon=":material/verified:")
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("secondments_12m", "borrower_kind", sort=True, drop_zero=True,
                             title=tr("近12个月新增借调（按借用单位类别）", "Secondments started in 12 months by borrower"),
                             name="secondments_by_borrower",
                             empty_hint=tr("近12个月没有新增借调，符合专职专干要求。",
                                           "No secondment started in the last 12 months."))
    with right:
        heading = tr(f"{year}年度考核结果运用：解聘与问责", f"{year} assessment: dismissals and accountability")
        values = data.evaluate(["outcomes_renewed", "outcomes_dismissed"], view.filters)
        renewed = catalogue.get("outcomes_renewed")
        charts.title(heading, tr(f"因考核结果解聘、诫勉谈话、降职使用、责令辞职的人次；另有续聘"
                                 f"{formatting.value(renewed, values['outcomes_renewed'], lang())}。",
                                 f"Dismissals, admonitions, demotions and orders to resign; besides, "
                                 f"{formatting.value(renewed, values['outcomes_renewed'], lang())} renewed."))
        held = data.breakdown("outcomes_accountability", view.filters, "assessment_outcome")
        rows = [("解聘", values["outcomes_dismissed"])] + [(str(k), v) for k, v in zip(held["key"], held["value"])]
        df = pd.DataFrame({"key": [k for k, _ in rows], "label": [k for k, _ in rows],
                           "value": [float(v or 0) for _, v in rows], "numerator": None, "denominator": None})
        df = df[df["value"] > 0]
        outcome = catalogue.get("outcomes_accountability")
        if df.empty:
            sections.no_data(outcome, tr("该年度没有因考核结果解聘、诫勉谈话、降职使用或责令辞职的人员。",
                                         "Nobody was dismissed or held to account on that year's assessment."))
        else:
            charts.draw("category_bars", outcome, df, "assessment_outcome", name="assessment_outcomes", title=heading)


layout.sections([
    (tr("考核结果", "Results"), results),
    (tr("退出", "Exits"), exits, 1),
    (tr("胜任力测评", "Competency"), competency),
    (tr("专职专干与结果运用", "Full-time duty and outcomes"), duty, 1),
])  # fmt: skip
