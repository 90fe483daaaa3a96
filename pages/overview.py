"""总览 Overview: headline KPIs (year-on-year, benchmark), key points in words, then the sub-regions
compared and the five-year trends (one tab each; one screen each on the big screen)."""

from __future__ import annotations

import streamlit as st

from cgw.webui import data, kpi, layout, sections, state
from cgw.webui.i18n import lang, tr
from metrics import catalogue, placement
from pages import page

view = state.current()
layout.header(page("overview").heading(lang()))

comps = kpi.cards(placement.cards("overview"), view.filters, sparkline=True)
words = layout.child_level_words()

if not layout.big():
    # Key points: each headline benchmark in words, the biggest moves, the weakest sub-region.
    place = layout.region_name()
    targets = [(c, kpi.benchmark_for(c.metric, view.region_id)) for c in comps]
    lines = [kpi.benchmark_sentence(c.metric, c.value, b, place) for c, b in targets
             if b is not None and kpi.is_target(b)]
    lines += kpi.reference_sentences(comps, view.region_id)
    lines.append(kpi.change_sentence(comps))
    if words is not None:
        for mid in ("workers_per_10k", "certified_share"):
            m = catalogue.get(mid)
            lines.append(kpi.lagging_sentence(m, data.breakdown(mid, view.filters, "region"), m.benchmark, *words))
    sections.summary(lines)


def compare() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.by_region("workers_per_10k")
    with right:
        sections.by_region("certified_share")


def trends() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        sections.trend(["workers_per_10k"], subject=tr("每万常住人口社工数", "Workers per 10,000 residents"),
                       name="workers_per_10k_trend")
    with right:
        sections.trend(["wishes_fulfilled", "issues_resolved"], subject=tr("民生服务成效", "Service results"),
                       name="services_trend")


parts = [(tr("近年趋势", "Trends"), trends, 1)]
if words is not None:  # a community has nothing below it to compare: its trends come first
    parts.insert(0, (tr(f"各{words[0]}对比", f"By {words[1]}"), compare, 1))
layout.sections(parts)
