"""总览 Overview: headline KPIs (year-on-year, benchmark), key points in words, key charts."""

from __future__ import annotations

import streamlit as st

from cgw.webui import data, kpi, layout, sections, state
from cgw.webui.i18n import lang, tr
from metrics import catalogue, placement
from pages import page

view = state.current()
layout.header(page("overview").heading(lang()))

comps = kpi.cards(placement.cards("overview"), view.filters, sparkline=True)

# Key points: each headline benchmark in words, the biggest moves, the weakest sub-region.
place = layout.region_name()
targets = [(c, kpi.benchmark_for(c.metric, view.region_id)) for c in comps]
lines = [kpi.benchmark_sentence(c.metric, c.value, b, place) for c, b in targets if b is not None and kpi.is_target(b)]
lines += kpi.reference_sentences(comps, view.region_id)
lines.append(kpi.change_sentence(comps))
words = layout.child_level_words()
if words is not None:
    per_10k = catalogue.get("workers_per_10k")
    by_region = data.breakdown(per_10k.id, view.filters, "region")
    lines.append(kpi.lagging_sentence(per_10k, by_region, per_10k.benchmark, *words))
    certified = catalogue.get("certified_share")
    lines.append(kpi.lagging_sentence(certified, data.breakdown(certified.id, view.filters, "region"),
                                      certified.benchmark, *words))
sections.summary(lines)

left, right = st.columns(2, gap="large")
with left:
    sections.by_region("workers_per_10k")
with right:
    sections.by_region("certified_share")
left, right = st.columns(2, gap="large")
with left:
    sections.trend(["workers_per_10k"], title=tr("每万常住人口社工数：近五年", "Workers per 10,000 residents: last five years"),
                   name="workers_per_10k_trend")
with right:
    sections.trend(["wishes_fulfilled", "issues_resolved"],
                   title=tr("民生服务成效：近五年", "Service results: last five years"), name="services_trend")
