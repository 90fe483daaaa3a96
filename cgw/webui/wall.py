"""The big screen (大屏) for a meeting-room wall at 1920×1080.

Every dashboard page becomes screens that fit without scrolling: first its KPIs as big numbers
and rings, then one screen per part of the page (layout.sections), two rows of charts each. A dark
wall theme, a title with the region and the data date, a clock; no sidebar, export menus, captions
or help icons. The rotation moves to the next screen, then to the next page, every
ROTATE_SECONDS, and keeps going until paused.
"""

from __future__ import annotations

import html
import os
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from cgw.webui import data, state
from cgw.webui.i18n import lang, tr


def _rotate_seconds() -> int:
    try:
        return max(2, int(os.environ.get("CGW_ROTATE_SECONDS", "30")))
    except ValueError:
        return 30


# Seconds each screen stays up (CGW_ROTATE_SECONDS overrides, e.g. for tests).
ROTATE_SECONDS = _rotate_seconds()
ROW_PX = {1: 760, 2: 375}  # a chart's height on a wall screen of one or two rows of charts (1080 px in all)
GAUGE_PX = 300
TILES_PER_ROW = 4

# The wall theme: deep navy, light type, no chrome.
INK = "#E6EDF7"
MUTED = "#9AACC8"
CSS = """
<style>
[data-testid="stApp"] { background: radial-gradient(ellipse at 50% -20%, #17305E 0%, #0A1530 55%, #060D1F 100%) !important;
  color: #E6EDF7; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stCaptionContainer"], [data-testid="stPopover"], [data-testid="stTooltipIcon"],
[data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stMain"] { overflow: hidden !important; }
.block-container { max-width: 100% !important; padding: 0.9rem 2.2rem 0 2.2rem !important; }
[data-testid="stMarkdownContainer"], [data-testid="stMarkdownContainer"] p, h1, h2, h3, h4, h5 { color: #E6EDF7 !important; }
h5 { font-size: 1.55rem !important; font-weight: 600 !important; padding: 0.2rem 0 0.1rem !important;
  border-left: 5px solid #4FA3FF; padding-left: 0.7rem !important; }
[data-testid="stAlert"] { background: rgba(255,255,255,0.06) !important; color: #E6EDF7 !important; font-size: 1.3rem; }
[data-testid="stAlert"] p { font-size: 1.3rem !important; }
.wall-title, .wall-title h1 { font-size: 2.6rem !important; font-weight: 700 !important; letter-spacing: 0.06em;
  color: #F2F6FC !important; line-height: 1.15 !important; display: inline; padding: 0 !important; margin: 0; }
.wall-sub { font-size: 1.25rem; color: #9AACC8; margin-top: 0.3rem; }
.wall-screen { font-size: 1.2rem; color: #9AACC8; white-space: nowrap; }
.wall-screen b { color: #4FA3FF; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 18px; }
.tile { background: linear-gradient(180deg, rgba(79,163,255,0.13), rgba(79,163,255,0.04));
  border: 1px solid rgba(120,170,255,0.28); border-radius: 10px; padding: 16px 22px 14px; min-height: 188px; }
.tile .label { font-size: 1.45rem; color: #9AACC8; }
.tile .value { font-size: 4.2rem; font-weight: 700; color: #FFFFFF; line-height: 1.15; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.tile .delta { font-size: 1.2rem; color: #9AACC8; }
.tile .good { color: #4CD98A; } .tile .bad { color: #FF6B7A; }
.tile .bench { font-size: 1.15rem; margin-top: 2px; }
[data-testid="stBaseButton-tertiary"] p { color: #9AACC8 !important; font-size: 1.05rem !important; }
</style>
"""

_CLOCK = st.components.v2.component(
    "cgw_wall_clock",
    html='<div class="clock"></div>',
    css="""
.clock { font-family: var(--st-font, sans-serif); font-size: 30px; font-weight: 600; line-height: 1.1; color: #E6EDF7;
  text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.clock small { display: block; font-size: 17px; color: #9AACC8; font-weight: 400; }
""",
    js="""
export default function ({ parentElement, data }) {
  const el = parentElement.querySelector(".clock");
  const two = (n) => String(n).padStart(2, "0");
  const tick = () => {
    const d = new Date();
    const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    const day = data.lang === "en"
      ? d.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric" })
      : `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 星期${"日一二三四五六"[d.getDay()]}`;
    el.innerHTML = `${time}<small>${day}</small>`;
  };
  tick();
  if (parentElement.__clock) clearInterval(parentElement.__clock);
  parentElement.__clock = setInterval(tick, 1000);
}
""",
)

_pages: list[tuple[str, object]] = []  # (page id, st.Page) in rotation order (set by app.py)
_COUNTER = "_cgw_wall_counter"  # this run's "第2 / 4屏" slot in the header (on the run's context)


def set_rotation(pages: list[tuple[str, object]]) -> None:
    _pages[:] = pages


def screen() -> int:
    """Which screen of the current page is up: 0 = its KPIs, i = its i-th part."""
    return int(st.session_state.get("_wall_screen", 0))


def _page_id() -> str:
    return st.session_state.get("_page_file", "").removeprefix("pages/").removesuffix(".py")


def _exit() -> None:
    st.session_state["big"] = False
    st.session_state["_wall_screen"] = 0


def _pause() -> None:
    st.session_state["_wall_paused"] = not st.session_state.get("_wall_paused", False)


def header(title: str) -> None:
    """区划 · page title, the data date and period, the screen counter, a clock, pause and exit."""
    view = state.current()
    ss = st.session_state
    ss["_wall_since"] = time.monotonic()
    region = data.full_name(view.region_id)
    latest = data.default_as_of()
    shown = min(view.as_of, latest)
    grain = {"year": tr("本年", "year"), "quarter": tr("本季", "quarter"), "month": tr("本月", "month")}[view.grain]
    sub = tr(f"数据截至{shown:%Y年%-m月%-d日} · 本期口径：{grain}", f"Data as of {shown:%d %b %Y} · current period: {grain}")
    if data.region_level(view.region_id) == "grid":  # the desk's note, in a word
        sub += tr(" · 网格层级：按社区统计的指标见社区大屏", " · grid level: community-wide figures on the community's screens")
    left, middle, right = st.columns([6, 2, 2], vertical_alignment="center")
    with left:
        st.html(f'<div class="wall-title"><span>{html.escape(region)} · </span><h1>{html.escape(title)}</h1></div>'
                f'<div class="wall-sub">{html.escape(sub)}</div>')
    with middle:
        # Filled by body(), which knows how many screens the page has.
        setattr(get_script_run_ctx(), _COUNTER, st.empty())
        with st.container(horizontal=True, gap="small"):
            paused = ss.get("_wall_paused", False)
            st.button(tr("继续轮播", "Resume") if paused else tr("暂停轮播", "Pause"), on_click=_pause,
                      type="tertiary", key="wall_pause",
                      icon=":material/play_arrow:" if paused else ":material/pause:")
            st.button(tr("退出大屏", "Leave"), on_click=_exit, type="tertiary", key="wall_exit",
                      icon=":material/close_fullscreen:")
    with right:
        _CLOCK(key="wall_clock", data={"lang": lang()}, height=64)
    _rotation()


def body(parts: list[tuple]) -> None:
    """The current screen's part (screen 0 shows the KPIs, drawn by kpi.cards): (label, draw,
    rows of charts), its charts sized so the rows fill the screen."""
    ss = st.session_state
    ss["_wall_screens"] = 1 + len(parts)
    i = screen()
    slot = getattr(get_script_run_ctx(), _COUNTER, None)
    if slot is not None:
        slot.html(f'<div class="wall-screen">{tr("第", "Screen ")}<b>{i + 1}</b> / {1 + len(parts)}'
                         f'{tr("屏", "")}</div>')
    if 1 <= i <= len(parts):
        _, draw, *rows = parts[i - 1]
        ss["_wall_rows"] = rows[0] if rows else 2
        draw()


def chart_height() -> int:
    """A chart's height on the current wall screen."""
    return ROW_PX.get(int(st.session_state.get("_wall_rows", 2)), ROW_PX[2])


@st.fragment(run_every=ROTATE_SECONDS)
def _rotation() -> None:
    """Runs with the page and then every ROTATE_SECONDS: the next screen of this page, or the
    first screen of the next page. The view (region, date, language…) carries over in the URL."""
    ss = st.session_state
    if ss.get("_wall_paused") or not _pages or not ss.get("big"):
        return
    if time.monotonic() - ss.get("_wall_since", time.monotonic()) < ROTATE_SECONDS - 0.5:
        return
    if screen() + 1 < int(ss.get("_wall_screens", 1)):
        ss["_wall_screen"] = screen() + 1
        st.rerun(scope="app")
    ss["_wall_screen"] = 0
    ids = [pid for pid, _ in _pages]
    following = next_page(_page_id(), ids)
    st.switch_page(dict(_pages)[following], query_params=state.url_params())


def next_page(current: str | None, pages: list[str]) -> str:
    """The page after `current` in the rotation (the first one after the last, or from elsewhere)."""
    return pages[(pages.index(current) + 1) % len(pages)] if current in pages else pages[0]


def tiles(items: list[tuple[str, str, str | None, bool | None, str | None, bool | None]]) -> None:
    """Big single values: (label, value, change, change is good, benchmark line, meets it)."""
    cells = []
    for label, value, change, good, bench, meets in items:
        tone = "" if good is None else ("good" if good else "bad")
        line = ""
        if change:
            line = f'<div class="delta">{tr("同比", "vs last year")} <span class="{tone}">{html.escape(change)}</span></div>'
        if bench:
            mark = "" if meets is None else ("good" if meets else "bad")
            line += f'<div class="bench {mark}">{"✓ " if meets else ("! " if meets is False else "")}{html.escape(bench)}</div>'
        cells.append(f'<div class="tile"><div class="label">{html.escape(label)}</div>'
                     f'<div class="value">{html.escape(value)}</div>{line}</div>')
    st.html(f'<div class="tiles">{"".join(cells)}</div>')
