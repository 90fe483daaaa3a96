"""Every dashboard page in headless Chromium against the running app: values as a leader sees them,
click-to-drill on a chart (district → street → community → grid), dark theme, big screen with rotation, a phone-width window.

Screenshots of every page go to artifacts/screenshots/; load times (not asserted: performance
belongs in the benchmark) to artifacts/page_load_times.json.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.parse

import pytest

import metrics
import pages
from cgw.storage import database
from metrics import catalogue, formatting
from metrics.filters import Filters
from tests.support import ARTIFACTS, chromium_page_ready, new_context, running_app, screenshot

pytestmark = pytest.mark.browser

ROOT = "370705"
PAGES = [(p.id, p.heading()) for p in pages.DASHBOARD_PAGES] + [("quality", pages.page("quality").heading())]
LABELS = {m.label_zh: m for m in catalogue.CATALOGUE}


def url_of(base: str, path: str) -> str:
    """The overview is the default page: it lives at the root."""
    return f"{base}/" if path == "overview" else f"{base}/{path}"


def kpis(page) -> dict[str, str]:
    labels = page.locator("[data-testid='stMetricLabel']").all_inner_texts()
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    return {lab.strip(): val.strip() for lab, val in zip(labels, values)}


def assert_catalogue_values(page, db, filters: Filters) -> dict[str, str]:
    shown = {lab: v for lab, v in kpis(page).items() if lab in LABELS}
    if not shown:
        return shown
    values = metrics.evaluate(database.connect(db), [LABELS[lab].id for lab in shown], filters)
    for lab, v in shown.items():
        m = LABELS[lab]
        assert v == formatting.value(m, values[m.id]), lab
    return shown


def shoot(page, name: str, title: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls an inner container, so the window is
    made as tall as the content first."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12_000)})
    chromium_page_ready(page, title)
    page.wait_for_timeout(300)
    screenshot(page, name)


def open_ready(browser, url: str, title: str, **kwargs):
    ctx = new_context(browser, url, **kwargs)
    page = ctx.new_page()
    start = time.perf_counter()
    page.goto(url)
    chromium_page_ready(page, title)
    return page, time.perf_counter() - start


def test_every_page_shows_catalogue_values(browser, app_url, kuiwen_db):
    day = database.as_of_date(database.connect(kuiwen_db))
    times: dict[str, dict[str, float]] = {"cold_direct_load_s": {}, "warm_direct_load_s": {}, "in_app_navigation_s": {}}
    for path, title in PAGES:
        page, took = open_ready(browser, url_of(app_url, path), title)
        times["cold_direct_load_s"][path] = round(took, 2)
        shown = assert_catalogue_values(page, kuiwen_db, Filters(ROOT, day))
        if path != "quality":
            assert len(shown) >= 4, shown
        assert not page.locator("[data-testid='stException']").count()
        assert not page.get_by_text("Page not found").count()
        shoot(page, f"page_{path}", title)
        page.context.close()
    # A returning browser opening a link (JavaScript cached), then moving between pages in the app.
    page, _ = open_ready(browser, app_url, "总览")
    for path, title in PAGES:
        start = time.perf_counter()
        page.goto(url_of(app_url, path))
        chromium_page_ready(page, title)
        times["warm_direct_load_s"][path] = round(time.perf_counter() - start, 2)
    for path, title in PAGES[1:] + PAGES[:1]:
        start = time.perf_counter()
        href = "" if path == "overview" else path  # the app's menu: st.page_link, relative links
        page.locator(f'[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"][href="{href}"]').first.click()
        chromium_page_ready(page, title)
        times["in_app_navigation_s"][path] = round(time.perf_counter() - start, 2)
    page.context.close()
    (ARTIFACTS.parent / "page_load_times.json").write_text(json.dumps(times, indent=2))


def test_every_page_opens_from_its_link_without_a_modal(browser, app_url, kuiwen_db):
    """/overview and /services?region=… open their page (the default page has an alias), with the
    view from the URL and no "Page not found"."""
    day = database.as_of_date(database.connect(kuiwen_db))
    for path, title in [("overview", "总览")] + PAGES[1:]:
        page, _ = open_ready(browser, f"{app_url}/{path}?region=370705001", title)
        assert not page.get_by_text("Page not found").count()
        assert not page.locator('[data-testid="stDialog"]').count()
        assert_catalogue_values(page, kuiwen_db, Filters("370705001", day))
        # The app's own menu (Streamlit's would list the pages/ folder's file names on a first start).
        assert page.locator('[data-testid="stSidebar"] a', has_text="民生服务").count() == 1
        assert not page.locator('[data-testid="stSidebarNav"]').count()
        page.context.close()


_SHAPE_AT_LABEL = """(name) => {
  const svg = document.querySelector('[data-testid="stEChartsChart"] svg');
  const label = [...svg.querySelectorAll('text')].find(t => t.textContent === name);
  if (!label) return null;
  const lb = label.getBoundingClientRect();
  const y = lb.top + lb.height / 2;
  const hit = [...svg.querySelectorAll('path')].map(p => [p, p.getBoundingClientRect()]).find(([p, b]) => {
    const fill = p.getAttribute('fill');
    return fill && fill !== 'none' && fill !== 'transparent' && b.left >= lb.right && b.width > 3
      && b.height > 3 && b.height < 80 && b.top - 2 <= y && b.bottom + 2 >= y;
  });
  if (!hit) return null;
  const b = hit[1];
  return [b.left + Math.min(b.width / 2, 12), b.top + b.height / 2];
}"""


def _drill(page, key: str, label: str) -> None:
    """Click a region's bar until the URL names it: a click while the busy machine still mounts the
    chart's handler is lost."""
    for attempt in range(3):
        _click_region(page, label)
        try:
            page.wait_for_function("(id) => location.search.includes('region=' + id)", arg=key, timeout=15_000)
            return
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: click once more
            if attempt == 2:
                raise


def _click_region(page, name: str) -> None:
    """Click the bar (or dot) of region `name` in the page's first chart: ECharts draws SVG, the
    category label and its bar share a row."""
    page.locator('[data-testid="stEChartsChart"]').first.scroll_into_view_if_needed()
    point = page.evaluate(_SHAPE_AT_LABEL, name)
    assert point, f"no bar for {name}"
    page.mouse.click(*point)


def test_clicking_a_region_bar_drills_into_it(browser, app_url, kuiwen_db):
    con = database.connect(kuiwen_db)
    day = database.as_of_date(con)
    page, _ = open_ready(browser, app_url, "总览")
    district = assert_catalogue_values(page, kuiwen_db, Filters(ROOT, day))
    # The first chart is workers per 10k by street: click the highest street's bar.
    streets = metrics.breakdown(con, "workers_per_10k", Filters(ROOT, day), "region").sort_values("value")
    street = streets.iloc[-1]
    page.wait_for_timeout(1000)  # ECharts' entry animation: bars grow for about a second
    _drill(page, street["key"], street["label"])
    chromium_page_ready(page, "总览")
    page.wait_for_function("(n) => Array.from(document.querySelectorAll('strong')).some(e => e.innerText === n)",
                           arg=street["label"], timeout=15_000)
    at_street = assert_catalogue_values(page, kuiwen_db, Filters(street["key"], day))
    assert at_street["在岗社区工作者"] != district["在岗社区工作者"]
    shoot(page, "drill_street", "总览")

    communities = metrics.breakdown(con, "workers_per_10k", Filters(street["key"], day), "region").sort_values("value")
    community = communities.iloc[0]
    _click_region(page, community["label"])
    page.wait_for_function("(id) => location.search.includes('region=' + id)", arg=community["key"], timeout=15_000)
    chromium_page_ready(page, "总览")
    page.wait_for_function("(n) => Array.from(document.querySelectorAll('strong')).some(e => e.innerText === n)",
                           arg=community["label"], timeout=15_000)
    assert_catalogue_values(page, kuiwen_db, Filters(community["key"], day))
    shoot(page, "drill_community", "总览")
    # A community compares its grids (网格): per-community figures say so; the first chart drawn
    # is the certified share by grid. Click a grid's bar: the URL carries its 15-digit code.
    assert page.get_by_text("按社区统计，不分网格").count() >= 1
    grids = metrics.breakdown(con, "certified_share", Filters(community["key"], day), "region")
    grid = grids.dropna(subset=["value"]).sort_values("value").iloc[-1]
    assert len(grid["key"]) == 15
    page.wait_for_timeout(1000)
    _drill(page, grid["key"], grid["label"])
    chromium_page_ready(page, "总览")
    page.wait_for_function("(n) => Array.from(document.querySelectorAll('strong')).some(e => e.innerText === n)",
                           arg=grid["label"], timeout=15_000)
    assert page.get_by_text("当前为网格层级").count() == 1
    assert_catalogue_values(page, kuiwen_db, Filters(grid["key"], day))
    # Nothing below a grid to compare: the overview opens on its trends.
    assert page.locator("h5", has_text="每万常住人口社工数：近").count() == 1
    shoot(page, "drill_grid", "总览")
    page.context.close()


def test_dark_theme_english_big_screen_and_phone(browser, app_url, kuiwen_db):
    for path, title in (PAGES[0], PAGES[6]):
        page, _ = open_ready(browser, url_of(app_url, path), title, color_scheme="dark")
        background = page.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
        assert background == "rgb(19, 22, 28)", background  # the dark theme of .streamlit/config.toml
        shoot(page, f"dark_{path}", title)
        page.context.close()

    page, _ = open_ready(browser, f"{app_url}/workforce?lang=en", "Workforce")
    assert "Workers per 10,000 residents" in kpis(page)
    shoot(page, "english_workforce", "Workforce")
    page.context.close()

    page, _ = open_ready(browser, f"{app_url}/?big=1", "总览", viewport={"width": 1920, "height": 1080})
    assert_wall_screen(page)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.tile .value')).fontSize)")
    assert size >= 50, size  # readable from the back of a meeting room
    assert page.locator('[data-testid="stEChartsChart"]').count() == 4  # the shares as rings
    assert "奎文区" in page.locator(".wall-title").inner_text()
    assert "数据截至2026年9月30日" in page.locator(".wall-sub").inner_text()
    page.screenshot(path=str(ARTIFACTS / "big_overview.png"))
    page.context.close()

    for path, title in PAGES[:2] + PAGES[5:6]:
        page, _ = open_ready(browser, url_of(app_url, path), title, viewport={"width": 390, "height": 844},
                             is_mobile=True, has_touch=True, device_scale_factor=1)
        overflow = page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
                                    return m.scrollWidth - m.clientWidth; }""")
        assert overflow <= 1, f"{path}: {overflow}px wider than a phone"
        font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert "Noto Sans CJK SC" in font
        assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '社区')")
        shoot(page, f"phone_{path}", title)
        page.context.close()


WALL_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {scroll: main.scrollHeight - main.clientHeight, width: main.scrollWidth - main.clientWidth,
          sidebar: !!document.querySelector('[data-testid="stSidebar"]'),
          popovers: document.querySelectorAll('[data-testid="stPopover"]').length,
          captions: document.querySelectorAll('[data-testid="stCaptionContainer"]').length,
          help: document.querySelectorAll('[data-testid="stTooltipIcon"]').length,
          clock: !!document.querySelector('.st-key-wall_clock')};
}"""


def assert_wall_screen(page) -> None:
    """A wall screen at 1920×1080: nothing to scroll, no sidebar, export menu, caption or help icon."""
    state = page.evaluate(WALL_JS)
    assert state["scroll"] <= 2 and state["width"] <= 2, state
    assert not state["sidebar"] and not state["popovers"] and not state["captions"] and not state["help"], state
    assert state["clock"], state


def settled_wall_screen(page, timeout_ms: int = 8_000) -> None:
    """assert_wall_screen once the rerun that changed the screen has finished: until then the
    previous screen's elements stay on the page, greyed, below the new ones (seen on a busy machine:
    236 px to scroll for a moment on a screen that fits)."""
    deadline = time.time() + timeout_ms / 1000
    while time.time() < deadline:
        state = page.evaluate(WALL_JS)
        if state["scroll"] <= 2 and state["width"] <= 2 and not page.locator('[data-testid="stStatusWidget"]').count():
            break
        page.wait_for_timeout(200)
    assert_wall_screen(page)


def _screen(page) -> tuple[str, str] | None:
    found = page.evaluate("""() => { const h1 = document.querySelector('h1'), n = document.querySelector('.wall-screen');
        return h1 && n ? [h1.innerText.trim(), n.innerText.trim()] : null; }""")
    return tuple(found) if found else None


def test_big_screen_keeps_rotating_screens_and_pages_with_the_view(browser, kuiwen_db, tmp_path):
    """Four seconds a screen: at least three rotations in a row (screens of a page, then the next
    page), each screen fitting the wall, the region kept."""
    path = tmp_path / "rotate.duckdb"
    database.close(kuiwen_db)
    shutil.copy(kuiwen_db, path)
    con = database.connect(kuiwen_db)
    day = database.as_of_date(con)
    street = database.query_rows(con, "SELECT region_id FROM regions WHERE parent_id = ? ORDER BY region_id LIMIT 1",
                                 [ROOT])[0][0]
    with running_app(path, extra_env={"CGW_ROTATE_SECONDS": "4"}) as url:
        page, _ = open_ready(browser, f"{url}/secretaries?big=1&region={street}", "头雁队伍",
                             viewport={"width": 1920, "height": 1080})
        seen = [_screen(page)]
        deadline = time.time() + 60
        while len(seen) < 5 and time.time() < deadline:
            page.wait_for_timeout(400)
            now = _screen(page)
            if now and now != seen[-1]:
                chromium_page_ready(page, now[0])
                settled_wall_screen(page)
                seen.append(_screen(page))
                if seen[-1] == ("培育", "第1 / 4屏"):  # the next page's KPIs, for the same street
                    tiles = dict(zip(page.locator(".tile .label").all_inner_texts(),
                                     page.locator(".tile .value").all_inner_texts()))
                    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
        assert len(seen) >= 4, seen  # three rotations in a row
        # 头雁队伍 has three screens (its KPIs, then two parts); then 培育 (four) follows.
        assert seen[:4] == [("头雁队伍", "第1 / 3屏"), ("头雁队伍", "第2 / 3屏"), ("头雁队伍", "第3 / 3屏"),
                            ("培育", "第1 / 4屏")], seen
        assert query["region"] == [street] and query["big"] == ["1"]
        assert urllib.parse.urlparse(page.url).path.endswith("/training")
        m = catalogue.get("trained_workers")
        assert tiles[m.label_zh] == formatting.value(m, metrics.evaluate(con, [m.id], Filters(street, day))[m.id])
        page.context.close()


# Records every text the progress bar shows, however briefly (installed before the page loads).
PROGRESS_WATCH_JS = """
window.__progressTexts = [];
new MutationObserver(() => {
  for (const e of document.querySelectorAll('[data-testid="stProgress"] p, [data-testid="stText"]')) {
    const t = e.innerText.trim();
    if (t && !window.__progressTexts.includes(t)) window.__progressTexts.push(t);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def test_first_start_builds_in_chinese_and_opens_the_linked_page(browser, tmp_path):
    """A new database: no page list of file names, progress in Chinese with the tables' Chinese
    names, the terminal says what it does and where to open the app, then the first-administrator
    form, then the linked page opens."""
    from devtools import app_server

    path = tmp_path / "first.duckdb"
    log = tmp_path / "first.log"
    with app_server.running_app(path, log_path=log) as (url, _):
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 1000})
        ctx.add_init_script(PROGRESS_WATCH_JS)  # a 2-second build shows each step for a moment only
        page = ctx.new_page()
        page.goto(f"{url}/services?region=370705001")
        lists = 0
        deadline = time.time() + 240
        while time.time() < deadline:
            lists += page.locator('[data-testid="stSidebarNav"]').count()
            h1 = page.locator("h1")
            if h1.count() and h1.first.inner_text().strip() == "创建管理员账号":
                break
            page.wait_for_timeout(200)
        texts = set(page.evaluate("() => window.__progressTexts || []"))
        # The database is built; the one setup form asks for the first administrator.
        page.get_by_label("密码（至少 8 个字符，不能与用户名相同）").fill("first-admin-1")
        page.get_by_label("再次输入密码").fill("first-admin-1")
        page.get_by_role("button", name="创建并登录").click()
        chromium_page_ready(page, "民生服务", timeout_ms=60_000)
        assert lists == 0 and not page.get_by_text("Page not found").count()
        assert any(t.startswith("写入") and "行" in t for t in texts), texts
        assert not [t for t in texts if re.search(r"[a-z_]{4,}", t)], texts  # no table's SQL name
        assert "大虞街道" in page.locator("strong").all_inner_texts()  # the region from the link
        ctx.close()
    said = log.read_text(encoding="utf-8")
    assert "首次启动：正在生成奎文区演示数据库" in said and "写入微心愿" in said, said
    assert re.search(r"用浏览器打开 http://[\w.]+:\d+ 查看看板", said), said
