"""总览 Overview: headline KPIs with year-on-year change and benchmark."""

from __future__ import annotations

import streamlit as st

from metrics import catalogue, formatting
from ui import data, layout, state
from ui.i18n import lang, tr

view = state.current()
layout.header(tr("总览", "Overview"))
headline = [m.id for m in catalogue.headline()]
comparisons = data.compare(headline, view.filters)
cols = st.columns(4)
for i, c in enumerate(comparisons):
    m = c.metric
    bench = m.benchmark
    help_text = m.description(lang())
    if bench is not None:
        help_text += "\n\n" + tr("基准：", "Benchmark: ") + f"{bench.label_zh if lang() == 'zh' else bench.label_en} " \
            + formatting.value(m, bench.value, lang())
    cols[i % 4].metric(
        m.label(lang()),
        formatting.value(m, c.value, lang()),
        delta=None if c.yoy_change is None else tr("同比 ", "YoY ") + formatting.change(m, c.yoy_change, lang()),
        delta_color="normal" if m.higher_is_better else ("inverse" if m.higher_is_better is False else "off"),
        help=help_text,
        border=True,
    )
