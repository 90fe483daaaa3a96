"""Page chrome: the sidebar with global filters and language, the breadcrumb, page headers, the
style sheet (CJK type, phone widths, big-screen type) and big-screen rotation."""

from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st

from cgw.domain import periods
from cgw.webui import data, exports, state, wall
from cgw.webui.i18n import tr

LEVEL_NAMES = {
    "province": ("省", "Province"),
    "city": ("市", "City"),
    "district": ("区县", "District"),
    "street": ("街道/乡镇", "Street / town"),
    "community": ("社区", "Community"),
    "grid": ("网格", "Grid"),
}
# Short level names for sentences ("最低的街道是…").
LEVEL_WORDS = {
    "province": ("省", "province"),
    "city": ("市", "city"),
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "community": ("社区", "community"),
    "grid": ("网格", "grid"),
}

_CSS = """
<style>
[data-testid="stMetricValue"] { white-space: nowrap; }
[data-testid="stMetricLabel"] p { white-space: normal; line-height: 1.3; }
.block-container { padding-top: 2.5rem; }
.nav-group { font-size: 0.8rem; opacity: 0.65; margin: 0.4rem 0 0 0; }
/* Chart toolbars are Streamlit's own (English); the ECharts toolbox and the 导出 menu do their job. */
[data-testid="stElementToolbar"]:has(+ * [data-testid="stEChartsChart"]),
[data-testid="stElementContainer"]:has([data-testid="stEChartsChart"]) [data-testid="stElementToolbar"] { display: none; }
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



def style() -> None:
    st.html(_CSS + (wall.CSS if big() else ""))


# --- navigation ----------------------------------------------------------------------------------

HOME = "home"  # the default page's own path; it is served at "/" (and at /<page id> through an alias)


def with_alias(groups: dict[str, list[st.Page]], alias: st.Page) -> dict[str, list[st.Page]]:
    """`groups` plus `alias`: a hidden page serving the default page at its own path too, so
    /overview opens the overview as every other page opens from its link (no "Page not found")."""
    return {**groups, "": [alias]}


def page_id(selected: st.Page, default_id: str) -> str:
    """The page id (pages/<id>.py) of the page st.navigation selected."""
    return selected.url_path or default_id


def nav(groups: dict[str, list[st.Page]]) -> None:
    """The page menu. Streamlit's own is switched off (.streamlit/config.toml): on a first start it
    would list the pages/ folder's raw file names while the database is built."""
    for group, pages in groups.items():
        st.markdown(f'<p class="nav-group">{html.escape(group)}</p>', unsafe_allow_html=True)
        for p in pages:
            st.page_link(p, label=p.title, icon=p.icon, width="stretch")


# --- sidebar -------------------------------------------------------------------------------------


def _picked(key: str, parent: str) -> None:
    """A region selectbox changed: its value, or the parent when "全部" was chosen."""
    st.session_state["region"] = st.session_state.get(key) or parent


def sidebar(groups: dict[str, list[st.Page]] | None = None, view_filters: bool = True) -> None:
    """The page menu, language, then (`view_filters`: accounts that see dashboards) region,
    period, big screen and the briefing."""
    ss = st.session_state
    if big():  # the wall has no sidebar; the view's widget values are kept for when it comes back
        for key in ("lang", "as_of", "grain", "big"):
            if key in ss:
                ss[key] = ss[key]
        return
    with st.sidebar:
        if groups:
            nav(groups)
            st.divider()
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
                  help=tr(f"会议室大屏（1920×1080）：深色大字、隐藏侧栏，每{wall.ROTATE_SECONDS}秒轮播下一屏。",
                          f"Meeting-room wall (1920×1080): dark, large type, no sidebar; the next screen every {wall.ROTATE_SECONDS} s."))
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


def period_words() -> str:
    """本季（2026年7月1日至9月30日） / quarter (1 Jul – 30 Sep 2026): the current period."""
    view = state.current()
    start = periods.period_start(view.as_of, view.grain)
    return tr(f"{_GRAIN_ZH[view.grain]}（{start:%Y年%-m月%-d日}至{view.as_of:%-m月%-d日}）",
              f"{view.grain} ({start:%-d %b} – {view.as_of:%-d %b %Y})")


_GRAIN_ZH = {"year": "本年", "quarter": "本季", "month": "本月"}


def header(title: str) -> None:
    state.current()  # first: on a deep link right after a server start this reruns through app.py
    if big():
        wall.header(title)
        return
    st.title(title)
    breadcrumb()
    st.caption(period_text())
    if at_grid():
        st.markdown(":blue-background[:material/grid_view: " + grid_note() + "]")
    latest = data.default_as_of()
    if state.current().as_of > latest:
        st.warning(tr(f"统计日晚于数据截止日（{latest:%Y年%-m月%-d日}）：之后的变动尚未录入，年龄等按统计日推算。",
                      f"The as-of date is after the data end ({latest:%d %b %Y}): later changes are not recorded yet, "
                      "and ages are computed for the as-of date."), icon=":material/event_busy:")


def child_level_words() -> tuple[str, str] | None:
    """('街道', 'street') for the current region's children; None at the bottom of the tree."""
    kids = data.children(state.current().region_id)
    if not kids:
        return None
    return LEVEL_WORDS.get(kids[0].level, ("下级区划", "sub-region"))


def region_name() -> str:
    """The current region's name; a grid's (第三网格) with its community's (幸福社区第三网格)."""
    return data.full_name(state.current().region_id)


def at_grid() -> bool:
    """Whether the current region is a grid (网格), the bottom of the tree."""
    return data.region_level(state.current().region_id) == "grid"


def community_name() -> str:
    """The name of the current grid's community (or of the current region)."""
    region = data.tree().get(state.current().region_id)
    if region is None:
        return ""
    return data.region_name(region.parent_id) if region.level == "grid" and region.parent_id else region.name


def grid_note() -> str:
    """What a grid's page shows and what it leaves to its community."""
    return tr(f"当前为网格层级：只显示按网格记录的指标（人员、诉求、心愿、需求、党员中心户等）；常住人口、幸福合伙人、"
              f"服务供给、培训阵地等按社区统计的数据，请点击上方“{community_name()}”在社区层级查看。",
              "Grid level: only figures recorded per grid are shown (workers, issues, wishes, needs, contact "
              f"households…); population, partners, supply and training sites are kept per community: click "
              f"“{community_name()}” above to see them.")


# --- sections -----------------------------------------------------------------------------------

EVERY_SECTION = "_every_section"  # session flag: draw every section at once (the region sweep, printing)


def sections(parts: list[tuple[str, Callable[[], None]] | tuple[str, Callable[[], None], int]]) -> None:
    """A dashboard page's body below its KPI cards: parts (label, draw[, rows]) of one or two rows
    of two charts (two rows unless said). On a desk each part is a tab that runs only when opened
    (fewer charts to draw when a page opens); on the big screen each part is one screen of the
    rotation (webui.wall)."""
    if big():
        wall.body(parts)
        return
    if st.session_state.get(EVERY_SECTION):
        for label, draw, *_ in parts:
            st.subheader(label)
            draw()
        return
    page = st.session_state.get("_page_file", "page").removeprefix("pages/").removesuffix(".py")
    tabs = st.tabs([part[0] for part in parts], key=f"tabs_{page}", on_change="rerun")
    for tab, (_, draw, *_) in zip(tabs, parts):
        with tab:
            if tab.open is not False:
                draw()


def big() -> bool:
    return bool(st.session_state.get("big"))


def note(text: str) -> None:
    """A caption under a chart or a section; the big screen shows none."""
    if not big():
        st.caption(text)
