"""Page chrome: the sidebar with global filters and language, the breadcrumb, page headers, the
style sheet (CJK type, phone widths, big-screen type) and big-screen rotation."""

from __future__ import annotations

import os
import time

import streamlit as st

from cgw.domain import periods
from cgw.webui import data, exports, state
from cgw.webui.i18n import tr


def _rotate_seconds() -> int:
    try:
        return max(2, int(os.environ.get("CGW_ROTATE_SECONDS", "30")))
    except ValueError:
        return 30


LEVEL_NAMES = {
    "province": ("省", "Province"),
    "city": ("市", "City"),
    "district": ("区县", "District"),
    "street": ("街道/乡镇", "Street / town"),
    "community": ("社区", "Community"),
}
# Short level names for sentences ("最低的街道是…").
LEVEL_WORDS = {
    "province": ("省", "province"),
    "city": ("市", "city"),
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "community": ("社区", "community"),
}
# Seconds each page stays up in big-screen mode (CGW_ROTATE_SECONDS overrides, e.g. for tests).
ROTATE_SECONDS = _rotate_seconds()

_CSS = """
<style>
[data-testid="stMetricValue"] { white-space: nowrap; }
[data-testid="stMetricLabel"] p { white-space: normal; line-height: 1.3; }
.block-container { padding-top: 2.5rem; }
@media (max-width: 640px) {
  .block-container { padding: 3.6rem 0.7rem 3rem 0.7rem; }
  h1 { font-size: 1.7rem !important; }
  /* KPI cards two to a row instead of one: a phone screen shows eight at a glance. */
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) { flex-wrap: wrap; gap: 0.5rem; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"] {
    flex: 1 1 calc(50% - 0.5rem) !important; min-width: calc(50% - 0.5rem) !important; width: calc(50% - 0.5rem) !important;
  }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"]:empty { display: none; }
  [data-testid="stMetric"] [data-testid="stMetricValue"] p { font-size: 1.5rem !important; }
  [data-testid="stMetricChart"] { display: none !important; }
  [data-testid="stMetric"] [data-testid="stMetricDeltaDescription"] { display: none !important; }
}
</style>
"""

_BIG_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] { display: none; }
.block-container { max-width: 100% !important; padding: 1.2rem 2.5rem 2rem 2.5rem; }
h1 { font-size: 3rem !important; }
h5 { font-size: 1.5rem !important; }
[data-testid="stMetric"] [data-testid="stMetricValue"] p { font-size: 3.4rem !important; line-height: 1.15 !important; }
[data-testid="stMetric"] [data-testid="stMetricLabel"] p { font-size: 1.35rem !important; }
[data-testid="stMetric"] [data-testid="stMetricDelta"] p { font-size: 1.2rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.3rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.05rem !important; }
</style>
"""


def style() -> None:
    st.html(_CSS + (_BIG_CSS if st.session_state.get("big") else ""))


# --- sidebar -------------------------------------------------------------------------------------


def _picked(key: str, parent: str) -> None:
    """A region selectbox changed: its value, or the parent when "全部" was chosen."""
    st.session_state["region"] = st.session_state.get(key) or parent


def sidebar(view_filters: bool = True) -> None:
    """Language, then (`view_filters`: accounts that see dashboards) region, period, big screen
    and the briefing."""
    ss = st.session_state
    with st.sidebar:
        st.radio(
            tr("语言", "Language"), ("zh", "en"), key="lang", horizontal=True,
            format_func=lambda v: "中文" if v == "zh" else "English",
        )
        if not view_filters:
            return
        trail = data.path(ss.get("region"))
        if trail:
            st.subheader(tr("区划", "Region"))
        # One selector per level below the root, drilling 区 → 街道 → 社区. Each selector's value is
        # set from the current region first, so drills from charts and breadcrumbs show up here.
        for depth, (rid, name) in enumerate(trail):
            kids = data.children(rid)
            if not kids:
                break
            chosen = trail[depth + 1][0] if depth + 1 < len(trail) else ""
            options = [""] + [k.region_id for k in kids]
            names = {k.region_id: k.name for k in kids}
            key = f"region_select_{rid}"
            if ss.get(key) != chosen:
                ss[key] = chosen
            level = LEVEL_NAMES.get(kids[0].level, ("下级", "Sub-region"))
            st.selectbox(
                tr(level[0], level[1]), options, key=key, on_change=_picked, args=(key, rid),
                format_func=lambda r, n=name, names=names: names.get(r, r) if r else tr(f"全部（{n}）", f"All ({n})"),
            )
            if not chosen:
                break
        st.subheader(tr("统计口径", "Period"))
        st.date_input(tr("统计日", "As-of date"), key="as_of", min_value=state.MIN_DATE, max_value=state.MAX_DATE,
                      format="YYYY-MM-DD")
        st.radio(
            tr("本期", "Current period"), periods.GRAINS[::-1], key="grain", horizontal=True,
            format_func=lambda g: {"year": tr("本年", "Year"), "quarter": tr("本季", "Quarter"),
                                   "month": tr("本月", "Month")}[g],
            help=tr("流量指标（如本期新入职、培训人次、受理诉求）统计从本年/本季/本月第一天到统计日。",
                    "Flow metrics (hires, trainings, issues raised…) count from the first day of the year, "
                    "quarter or month up to the as-of date."),
        )
        st.toggle(tr("大屏模式", "Big-screen mode"), key="big",
                  help=tr(f"会议室大屏：大字号、隐藏侧栏、每{ROTATE_SECONDS}秒自动轮播各看板页面。",
                          f"Meeting-room display: large type, no sidebar, pages rotate every {ROTATE_SECONDS} s."))
        if trail:
            exports.report_button(key="sidebar_report")


# --- header --------------------------------------------------------------------------------------


def breadcrumb() -> None:
    """区 › 街道 › 社区: each ancestor a button that drills back up; wraps on narrow screens."""
    trail = data.path(st.session_state["region"])
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        for i, (rid, name) in enumerate(trail):
            if i < len(trail) - 1:
                st.button(name, key=f"crumb_{rid}", on_click=state.drill_to, args=(rid,), type="tertiary",
                          icon=":material/arrow_upward:" if i == len(trail) - 2 else None)
                st.markdown("›", width="content")
            else:
                st.markdown(f"**{name}**", width="content")


def period_text() -> str:
    view = state.current()
    start = periods.period_start(view.as_of, view.grain)
    grain = {"year": tr("本年", "year"), "quarter": tr("本季", "quarter"), "month": tr("本月", "month")}[view.grain]
    return tr(
        f"统计日 {view.as_of:%Y年%-m月%-d日} · 本期（{grain}）{start:%Y年%-m月%-d日}至{view.as_of:%-m月%-d日}",
        f"As of {view.as_of:%d %b %Y} · current period ({grain}) {start:%d %b} – {view.as_of:%d %b %Y}",
    )


def header(title: str) -> None:
    state.current()  # first: on a deep link right after a server start this reruns through app.py
    st.title(title)
    breadcrumb()
    st.caption(period_text())
    latest = data.default_as_of()
    if state.current().as_of > latest:
        st.warning(tr(f"统计日晚于数据截止日（{latest:%Y年%-m月%-d日}）：之后的变动尚未录入，年龄等按统计日推算。",
                      f"The as-of date is after the data end ({latest:%d %b %Y}): later changes are not recorded yet, "
                      "and ages are computed for the as-of date."), icon=":material/event_busy:")
    if st.session_state.get("big"):
        big_screen_bar()


def child_level_words() -> tuple[str, str] | None:
    """('街道', 'street') for the current region's children; None at the bottom of the tree."""
    kids = data.children(state.current().region_id)
    if not kids:
        return None
    return LEVEL_WORDS.get(kids[0].level, ("下级区划", "sub-region"))


def region_name() -> str:
    return data.region_name(state.current().region_id)


# --- big screen ----------------------------------------------------------------------------------

_pages: list[str] = []  # dashboard page files in rotation order (set by app.py)


def set_rotation(pages: list[str]) -> None:
    _pages[:] = pages


def _exit_big() -> None:
    st.session_state["big"] = False


def big_screen_bar() -> None:
    """In big-screen mode the sidebar is hidden: a way out, a pause switch, and the rotation."""
    with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
        if "rotate" not in st.session_state:
            st.session_state["rotate"] = True
        st.toggle(tr("自动轮播", "Rotate pages"), key="rotate")
        st.button(tr("退出大屏", "Leave big screen"), on_click=_exit_big, icon=":material/close_fullscreen:")
    if st.session_state.get("rotate", True):
        st.session_state["_rotate_since"] = time.monotonic()
        _rotation()


@st.fragment(run_every=ROTATE_SECONDS)
def _rotation() -> None:
    """Runs with the page and then every ROTATE_SECONDS; on a timed run, moves to the next page.
    The view (region, date, language…) is in session state and the URL, so it carries over."""
    since = st.session_state.get("_rotate_since", time.monotonic())
    if time.monotonic() - since < ROTATE_SECONDS - 1 or not _pages:
        return
    st.switch_page(next_page(st.session_state.get("_page_file"), _pages), query_params=state.url_params())


def next_page(current: str | None, pages: list[str]) -> str:
    """The page after `current` in the rotation (the first one after the last, or from elsewhere)."""
    return pages[(pages.index(current) + 1) % len(pages)] if current in pages else pages[0]
