"""Page chrome: the sidebar with global filters and language, the breadcrumb, page headers."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ui import data, state
from ui.i18n import tr

LEVEL_NAMES = {
    "province": ("省", "Province"),
    "city": ("市", "City"),
    "district": ("区县", "District"),
    "street": ("街道/乡镇", "Street / town"),
    "community": ("社区", "Community"),
}


def _set_region(region_id: str) -> None:
    state.drill_to(region_id)


def sidebar() -> None:
    ss = st.session_state
    with st.sidebar:
        st.radio(
            tr("语言", "Language"), ("zh", "en"), key="lang", horizontal=True,
            format_func=lambda v: "中文" if v == "zh" else "English",
        )
        st.subheader(tr("区划", "Region"))
        trail = data.path(ss["region"])
        # One selector per level below the current trail's root, drilling 区 → 街道 → 社区.
        for depth, (rid, name) in enumerate(trail):
            kids = data.children(rid)
            if kids.empty:
                break
            chosen = trail[depth + 1][0] if depth + 1 < len(trail) else ""
            options = [""] + list(kids["region_id"])
            names = dict(zip(kids["region_id"], kids["name"]))
            level = LEVEL_NAMES.get(str(kids["level"].iloc[0]), ("下级", "Sub-region"))
            picked = st.selectbox(
                tr(level[0], level[1]), options, index=options.index(chosen) if chosen in options else 0,
                format_func=lambda r, n=name, names=names: names.get(r) if r else tr(f"全部（{n}）", f"All ({n})"),
                key=f"region_select_{rid}",
            )
            if picked != chosen:
                ss["region"] = picked or rid
                st.rerun()
            if not picked:
                break
        st.subheader(tr("统计口径", "Period"))
        st.date_input(tr("统计日", "As-of date"), key="as_of", min_value=dt.date(2000, 1, 1),
                      max_value=dt.date(2100, 12, 31))
        st.radio(
            tr("本期", "Current period"), ("year", "quarter", "month"), key="grain", horizontal=True,
            format_func=lambda g: {"year": tr("本年", "Year"), "quarter": tr("本季", "Quarter"),
                                   "month": tr("本月", "Month")}[g],
        )
        st.toggle(tr("大屏模式", "Big-screen mode"), key="big")


def breadcrumb() -> None:
    """区 › 街道 › 社区, each ancestor a button that drills back up."""
    trail = data.path(st.session_state["region"])
    cols = st.columns(len(trail) * 2, gap="small")
    for i, (rid, name) in enumerate(trail):
        with cols[i * 2]:
            if i < len(trail) - 1:
                st.button(name, key=f"crumb_{rid}", on_click=_set_region, args=(rid,), type="tertiary")
            else:
                st.markdown(f"**{name}**")
        if i < len(trail) - 1:
            cols[i * 2 + 1].markdown("›")


def header(title: str) -> None:
    view = state.current()
    st.title(title)
    breadcrumb()
    st.caption(tr(f"统计日 {view.as_of:%Y年%-m月%-d日}", f"As of {view.as_of:%d %b %Y}"))
