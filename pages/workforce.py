"""队伍结构 Workforce: size against the 18-per-10,000 target, age, education, certification,
party membership, recruitment by year and channel, exits by reason."""

from __future__ import annotations

import streamlit as st

from cgw.webui import kpi, layout, sections, state
from cgw.webui.i18n import lang, tr
from metrics import placement
from pages import page

view = state.current()
layout.header(page("workforce").heading(lang()))
kpi.cards(placement.cards("workforce"), view.filters)


def structure() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_region("workers_per_10k")
    with right:
        sections.pyramid(title=tr("年龄结构（按性别）", "Age pyramid by sex"))
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("active_workers", "education", kind="donut", center=True,
                             title=tr("学历结构", "Education"), name="workers_by_education")
    with right:
        sections.by_category("active_workers", "certificate_level", kind="donut", center=True,
                             title=tr("职业资格持证情况", "Social-work certification"), name="workers_by_certificate")


def flows() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_category("active_workers", "political_status", drop_zero=True, share=True,
                             title=tr("政治面貌", "Political status"), name="workers_by_political_status")
    with right:
        sections.by_region("party_member_share", benchmark=False)
    left, right = st.columns(2, gap="large")
    with left:
        sections.yearly("hires_period", "source", title=tr("历年招录人数（按来源渠道）", "Hires by year and channel"),
                        name="hires_by_year_and_channel")
    with right:
        sections.by_category("exits_12m", "exit_reason", drop_zero=True, sort=True,
                             title=tr("近12个月离岗人数（按退出情形）", "Exits in the last 12 months by reason"),
                             name="exits_by_reason",
                             empty_hint=tr("近12个月没有人员离岗。", "Nobody left in the last 12 months."))


layout.sections([
    (tr("规模与结构", "Size and structure"), structure),
    (tr("党员与进出", "Party members, hires and exits"), flows),
])  # fmt: skip
