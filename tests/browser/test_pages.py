"""Every dashboard page in headless Chromium against the running app: values as a leader sees them,
click-to-drill on a chart, dark theme, big screen with rotation, a phone-width window.

Screenshots of every page go to artifacts/screenshots/; load times (not asserted: performance
belongs in the benchmark) to artifacts/page_load_times.json.
"""

from __future__ import annotations

import json
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
        nav = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]') if path != "overview" \
            else page.locator('[data-testid="stSidebarNav"] a').first
        nav.first.click()
        chromium_page_ready(page, title)
        times["in_app_navigation_s"][path] = round(time.perf_counter() - start, 2)
    page.context.close()
    (ARTIFACTS.parent / "page_load_times.json").write_text(json.dumps(times, indent=2))


def _click_bar(page, region_id: str) -> None:
    """Click a region's bar in the first region chart (Playwright's locators reach into the light
    chart's shadow root)."""
    bar = page.locator(f".bar-cell[data-drill='{region_id}']").first
    bar.scroll_into_view_if_needed()
    bar.click()


def test_clicking_a_region_bar_drills_into_it(browser, app_url, kuiwen_db):
    con = database.connect(kuiwen_db)
    day = database.as_of_date(con)
    page, _ = open_ready(browser, app_url, "总览")
    district = assert_catalogue_values(page, kuiwen_db, Filters(ROOT, day))
    # The first chart is workers per 10k by street: click the highest street's bar.
    streets = metrics.breakdown(con, "workers_per_10k", Filters(ROOT, day), "region").sort_values("value")
    street = streets.iloc[-1]
    _click_bar(page, street["key"])
    page.wait_for_function("(id) => location.search.includes('region=' + id)", arg=street["key"], timeout=15_000)
    chromium_page_ready(page, "总览")
    page.wait_for_function("(n) => Array.from(document.querySelectorAll('strong')).some(e => e.innerText === n)",
                           arg=street["label"], timeout=15_000)
    at_street = assert_catalogue_values(page, kuiwen_db, Filters(street["key"], day))
    assert at_street["在岗社区工作者"] != district["在岗社区工作者"]
    shoot(page, "drill_street", "总览")

    communities = metrics.breakdown(con, "workers_per_10k", Filters(street["key"], day), "region").sort_values("value")
    community = communities.iloc[0]
    _click_bar(page, community["key"])
    page.wait_for_function("(id) => location.search.includes('region=' + id)", arg=community["key"], timeout=15_000)
    chromium_page_ready(page, "总览")
    page.wait_for_function("(n) => Array.from(document.querySelectorAll('strong')).some(e => e.innerText === n)",
                           arg=community["label"], timeout=15_000)
    assert_catalogue_values(page, kuiwen_db, Filters(community["key"], day))
    assert "最小一级区划" in page.locator("[data-testid='stAlert']").first.inner_text()
    shoot(page, "drill_community", "总览")
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
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-testid=\"stMetricValue\"] p')).fontSize)")
    assert size >= 50, size  # readable from the back of a meeting room
    shoot(page, "big_overview", "总览")
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


def test_big_screen_rotates_pages_and_keeps_the_view(browser, kuiwen_db, tmp_path):
    path = tmp_path / "rotate.duckdb"
    database.close(kuiwen_db)
    shutil.copy(kuiwen_db, path)
    con = database.connect(kuiwen_db)
    day = database.as_of_date(con)
    street = database.query_rows(con, "SELECT region_id FROM regions WHERE parent_id = ? ORDER BY region_id LIMIT 1",
                                 [ROOT])[0][0]
    with running_app(path, extra_env={"CGW_ROTATE_SECONDS": "4"}) as url:
        page, _ = open_ready(browser, f"{url}/workforce?big=1&region={street}", "队伍结构",
                             viewport={"width": 1920, "height": 1200})
        page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText === '头雁队伍'",
                               timeout=20_000)
        chromium_page_ready(page, "头雁队伍")
        query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
        assert query["region"] == [street] and query["big"] == ["1"]
        assert urllib.parse.urlparse(page.url).path.endswith("/secretaries")
        assert_catalogue_values(page, kuiwen_db, Filters(street, day))
        page.context.close()
