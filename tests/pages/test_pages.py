"""Every dashboard page under AppTest: no exception, KPI values equal the catalogue's for the same
filters, drilling down, the language toggle, the view in the URL, hostile query parameters,
empty states and the data-quality page."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
import types

import pytest

import metrics
import pages
from cgw.storage import database
from cgw.webui import layout
from metrics import catalogue, formatting, placement, quality
from metrics.filters import Filters
from tests.support import app_test, echarts

ROOT = "370705"
PAGES = [*pages.page_ids(dashboard_only=True), "quality"]
TITLES = {p: (pages.page(p).heading("zh"), pages.page(p).heading("en")) for p in PAGES}
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(db, page: str, query: dict[str, str] | None = None, every_section: bool = False):
    at = app_test(db, page=None if page == "overview" else page, query=query)
    if every_section:  # every tab's charts at once
        at.session_state[layout.EVERY_SECTION] = True
    at.run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    return at


def as_of(db) -> dt.date:
    return database.as_of_date(database.connect(db))


def shown_kpis(at, lang: str = "zh") -> dict[str, tuple[metrics.Metric, object]]:
    """Metric id -> (metric, st.metric element) for every KPI card on the page."""
    by_label = {m.label(lang): m for m in catalogue.CATALOGUE}
    return {by_label[e.label].id: (by_label[e.label], e) for e in at.metric if e.label in by_label}


def assert_kpis_match(at, db, filters: Filters, lang: str = "zh") -> dict[str, str]:
    """Every KPI card shows the catalogue's value and year-on-year change for `filters`."""
    con = database.connect(db)
    shown = shown_kpis(at, lang)
    ids = list(shown)
    if not ids:
        return {}
    now = metrics.evaluate(con, ids, filters)
    before = metrics.evaluate(con, ids, filters.year_earlier())
    for mid, (m, element) in shown.items():
        assert element.value == formatting.value(m, now[mid], lang), mid
        if now[mid] is None or before[mid] is None:
            assert not element.proto.delta, mid
            continue
        change = now[mid] - before[mid]
        text = formatting.change(m, change, lang)
        zero = not re.search(r"[1-9]", text)
        assert element.proto.delta.lstrip("+−±") == text.lstrip("+−±"), mid
        # The arrow follows the sign; the colour says whether the move is good.
        direction = element.proto.direction
        colour = element.proto.color
        if zero:
            assert (direction, colour) == (2, 2), mid  # NONE, GRAY
        else:
            assert direction == (1 if change > 0 else 0), mid  # UP / DOWN
            if m.higher_is_better is None:
                assert colour == 2, mid
            else:
                good = (change > 0) == m.higher_is_better
                assert colour == (1 if good else 0), mid  # GREEN / RED
    return {mid: e.value for mid, (_, e) in shown.items()}


# --- every page -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_catalogue_values_in_both_languages(page, kuiwen_db, fresh_streamlit):
    at = run(kuiwen_db, page, every_section=True)
    assert at.title[0].value == TITLES[page][0]
    filters = Filters(ROOT, as_of(kuiwen_db))
    values = assert_kpis_match(at, kuiwen_db, filters)
    if page == "quality":
        shown = {e.label: e.value for e in at.metric}
        assert shown["检查规则"] == str(len(quality.RULES))
    else:
        # The cards metrics.placement declares, in its order; the page index's minimums.
        assert list(values) == list(placement.cards(page))
        assert len(values) >= pages.MIN_CARDS, values
        assert len(echarts(at)) >= pages.MIN_CHARTS
    # The language toggle turns every label English; numbers stay the catalogue's.
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == TITLES[page][1]
    assert_kpis_match(at, kuiwen_db, filters, "en")
    assert_english(at, kuiwen_db)


def _data_names(db) -> list[str]:
    """Names that are data, not labels (places, partners, ledger items): they stay as recorded."""
    con = database.connect(db)
    rows = database.query_rows(con, "SELECT name FROM regions UNION SELECT name FROM partners "
                                    "UNION SELECT DISTINCT item FROM points_ledger")
    return sorted((r[0] for r in rows if r[0]), key=len, reverse=True)


def assert_english(at, db) -> None:
    """No Chinese left in the page's text and charts once data names are taken out."""
    names = _data_names(db)

    def check(text: str, where: str) -> None:
        for n in names:
            text = text.replace(n, "")
        assert not CJK.search(text), f"{where}: {text[:200]}"

    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "success"):
        for e in getattr(at, kind):
            check(str(e.value), kind)
    for e in at.metric:
        check(f"{e.label} {e.value} {e.proto.delta} {e.proto.delta_description} {e.proto.help}", "metric")
    for e in at.selectbox:
        check(e.label, "selectbox")
    for option in echarts(at):
        for text in chart_texts(option):
            check(text, "chart")


def chart_texts(option) -> list[str]:
    """Every text an ECharts option shows: names, labels, tooltips, categories, the toolbox."""
    out = []
    if isinstance(option, dict):
        for key, value in option.items():
            if key in ("name", "formatter", "text", "title") and isinstance(value, str):
                out.append(value)
            elif key == "data" and isinstance(value, list):
                out += [v for v in value if isinstance(v, str)]
            out += chart_texts(value)
    elif isinstance(option, list):
        for item in option:
            out += chart_texts(item)
    return out


def test_overview_shows_the_calibrated_figures_and_summary(kuiwen_db, fresh_streamlit):
    at = run(kuiwen_db, "overview")
    shown = {e.label: e.value for e in at.metric}
    # The kuiwen preset reproduces the seed report.
    assert shown["每万常住人口社工数"] == "18.5人"
    assert shown["持证比例"] == "64.2%"
    assert shown["书记平均年龄"] == "41.1岁"
    text = "\n".join(m.value for m in at.markdown)
    assert "奎文区每万常住人口社工数18.5人，高于国家标准（18人）。" in text
    assert "奎文区持证比例64.2%，高于国家目标（50.0%）。" in text
    # The weakest street, from the catalogue's breakdown.
    df = metrics.breakdown(database.connect(kuiwen_db), "workers_per_10k", Filters(ROOT, as_of(kuiwen_db)), "region")
    worst = df.sort_values("value").iloc[0]
    below = int((df["value"].round(1) < 18).sum())
    assert f"每万常住人口社工数最低的街道是{worst['label']}（{worst['value']:.1f}人）；共有{below}个街道低于国家标准（18人）。" in text


def test_region_chart_orders_labels_and_colours_as_the_catalogue(kuiwen_db, fresh_streamlit):
    at = run(kuiwen_db, "overview")
    option = echarts(at)[0]
    df = metrics.breakdown(database.connect(kuiwen_db), "workers_per_10k", Filters(ROOT, as_of(kuiwen_db)), "region")
    df = df.sort_values("value", ascending=False)  # largest on top
    names, texts = option["yAxis"][0]["data"], option["yAxis"][1]["data"]
    assert names == list(df["label"])
    assert texts == [f"{v:.1f}人" for v in df["value"]]  # in a column right of the plot, off the target line
    bars = option["series"][0]
    assert bars["selectedMode"] == "single"  # a click selects a bar, and the page drills into it
    assert [d["value"] for d in bars["data"]] == list(df["value"])
    assert [d["tooltip"]["formatter"] for d in bars["data"]] == [f"{n}：{v:.1f}人" for n, v in zip(df["label"], df["value"])]
    # Streets short of the national standard (18) are red; the target line sits at 18, labelled above the plot.
    reds = [d for d in bars["data"] if d["itemStyle"]["color"] == "#D1495B"]
    assert len(reds) == int((df["value"].round(1) < 18).sum())
    line = option["series"][1]["markLine"]
    assert line["data"] == [{"xAxis": 18.0}] and line["label"]["formatter"] == "国家标准 18人"
    assert option["toolbox"]["feature"]["saveAsImage"]["title"] == "保存为图片"


# --- every page, every region, every period ----------------------------------------------------


def test_every_page_opens_for_every_region_and_period(kuiwen_db, monkeypatch):
    """The sweep. In AppTest (every section of a page drawn at once): every dashboard page for the
    district, its 8 streets and 65 communities for the year, quarter and month periods; and every
    dashboard page for every grid (网格) of the demo for the default period (本年). 0 exceptions,
    and every chart slot shows a chart or an empty state that says why.

    The other two periods at the grid level are covered without Streamlit by the next test
    (test_every_grid_for_the_other_periods_metrics_only). A grid view takes about as long as a
    street's (~0.35 s on one core): the 194 grids × 7 pages of the demo add ~1,360 views, about
    four minutes on two cores for the default period alone; all three periods would add three times
    that. Two worker processes (the machine's two cores); figures in artifacts/region_sweep.json."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from cgw.domain import periods
    from tests.support import ARTIFACTS, sweep

    con = database.connect(kuiwen_db)
    rows = database.query_rows(con, "SELECT region_id, level::VARCHAR FROM regions ORDER BY region_id")
    regions = [r for r, level in rows if level != "grid"]
    grids = [r for r, level in rows if level == "grid"]
    levels = dict(database.query_rows(con, "SELECT level, count(*) FROM regions GROUP BY level"))
    assert levels.pop("grid") == len(grids) > 0
    assert levels == {"district": 1, "street": 8, "community": 65}
    database.close(kuiwen_db)  # flushed: each worker copies the file
    dashboard = pages.page_ids(dashboard_only=True)
    halves = [dashboard[:4], dashboard[4:]]  # overview and workforce share many results; so do the rest
    # After an AppTest run, __main__ may be app.py, which spawned workers would run on start.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    start = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        jobs = [pool.submit(sweep.sweep, str(kuiwen_db), half, regions, list(periods.GRAINS)) for half in halves]
        # The grids: every page, the default period; half the grids each (the caches are per grid).
        jobs += [pool.submit(sweep.sweep, str(kuiwen_db), dashboard, grids[i::2], ["year"]) for i in range(2)]
        views = [v for job in jobs for v in job.result()]
    seconds = time.perf_counter() - start
    grid_views = [v for v in views if len(v.region) == 15]
    figures = {"pages": len(dashboard), "regions": len(regions), "grids": len(grids), "periods": len(periods.GRAINS),
               "views": len(views), "grid_views": len(grid_views), "exceptions": sum(1 for v in views if v.error),
               "seconds": round(seconds, 1), "seconds_per_view": round(sum(v.seconds for v in views) / len(views), 3),
               "seconds_per_grid_view": round(sum(v.seconds for v in grid_views) / len(grid_views), 3),
               "slowest_view_s": round(max(v.seconds for v in views), 2),
               "empty_states": sum(v.empty for v in views), "charts": sum(v.charts for v in views)}
    (ARTIFACTS.parent).mkdir(parents=True, exist_ok=True)
    (ARTIFACTS.parent / "region_sweep.json").write_text(json.dumps(figures, indent=2))
    print("region sweep:", figures)
    assert len(views) == 7 * 74 * 3 + 7 * len(grids)
    assert [(v.page, v.region, v.grain, v.error) for v in views if v.error] == []
    assert [(v.page, v.region, v.grain) for v in views if v.titles != v.charts + v.empty] == []
    assert [(v.page, v.region, v.grain, v.unexplained) for v in views if v.unexplained] == []
    assert figures["charts"] > figures["empty_states"]
    assert sum(v.charts for v in grid_views) > 0



def test_every_grid_for_the_other_periods_metrics_only(kuiwen_db):
    """The sweep's complement at the grid level: the quarter and the month without Streamlit.
    Every KPI placed on a dashboard page that means something at a grid (Metric.at_grid) is
    evaluated for every grid of the demo for both periods (sixteen grids a statement); a grid's
    counts and sums never exceed its community's."""
    from metrics import engine

    con = database.connect(kuiwen_db)
    day = as_of(kuiwen_db)
    grids = [r[0] for r in database.query_rows(con, "SELECT region_id FROM regions WHERE level = 'grid' ORDER BY 1")]
    communities = sorted({g[:12] for g in grids})
    assert grids
    placed = [m for m in dict.fromkeys(m for p in pages.page_ids(dashboard_only=True) for m in placement.cards(p))
              if catalogue.get(m).at_grid]
    counts = [m for m in placed if catalogue.get(m).type in ("count", "sum")]

    def at(ids, regions, grain):  # sixteen regions a statement (DuckDB caps an expression's depth)
        return [v for i in range(0, len(regions), 16)
                for v in engine.evaluate_at(con, ids, [Filters(r, day, grain) for r in regions[i:i + 16]])]

    for grain in ("quarter", "month"):
        by_grid = at(placed, grids, grain)
        whole = dict(zip(communities, at(counts, communities, grain)))
        assert len(by_grid) == len(grids)
        for g, values in zip(grids, by_grid):
            assert set(values) == set(placed), g
            for m in counts:
                assert (values[m] or 0) <= (whole[g[:12]][m] or 0) + 1e-9, (grain, g, m)
        assert any(values[m] for values in by_grid for m in counts), grain  # not all empty


# --- the grid level (网格) --------------------------------------------------------------------------


def test_every_page_opens_at_a_grid_with_the_grid_cards_only(kuiwen_db, fresh_streamlit):
    con = database.connect(kuiwen_db)
    grid, name, community = database.query_rows(
        con, "SELECT region_id, name, parent_id FROM regions WHERE level = 'grid' ORDER BY region_id LIMIT 1")[0]
    community_name = database.query_rows(con, "SELECT name FROM regions WHERE region_id = ?", [community])[0][0]
    assert len(grid) == 15
    for page in pages.page_ids(dashboard_only=True):
        at = run(kuiwen_db, page, query={"region": grid}, every_section=True)
        assert at.session_state["region"] == grid and at.query_params["region"] == grid
        shown = assert_kpis_match(at, kuiwen_db, Filters(grid, as_of(kuiwen_db)))
        expected = [m for m in placement.cards(page) if catalogue.get(m).at_grid]
        assert list(shown) == expected, page
        # The breadcrumb ends in the grid; the note says where the community's figures are.
        assert any(m.value == f"**{name}**" for m in at.markdown), page
        notes = [m.value for m in at.markdown if "网格层级" in m.value]
        assert notes and community_name in notes[0], page


def test_a_community_drills_into_its_grids(kuiwen_db, fresh_streamlit):
    con = database.connect(kuiwen_db)
    community, street = database.query_rows(
        con, "SELECT r.region_id, r.parent_id FROM regions r WHERE level = 'community' AND EXISTS "
             "(SELECT 1 FROM regions g WHERE g.parent_id = r.region_id) ORDER BY region_id LIMIT 1")[0]
    grids = dict(database.query_rows(con, "SELECT region_id, name FROM regions WHERE parent_id = ? ORDER BY 1",
                                     [community]))
    at = run(kuiwen_db, "workforce", query={"region": community}, every_section=True)
    # The sidebar offers the community's grids, and the region charts break the community down by grid.
    picker = at.selectbox(key=f"region_select_{community}")
    assert picker.label == "网格" and picker.options[1:] == list(grids.values())
    by_grid = [o for o in echarts(at) if o.get("yAxis") and set(o["yAxis"][0].get("data") or ()) == set(grids.values())]
    assert by_grid and by_grid[0]["series"][0]["selectedMode"] == "single"  # a click on a grid's bar drills into it
    titles = [m.value for m in at.markdown if m.value.startswith("##### ")]
    assert "##### 党员占比（按网格）" in titles
    # Figures kept per community say so instead of showing empty grids.
    assert any("按社区统计，不分网格" in i.value for i in at.info)
    grid = next(iter(grids))
    picker.set_value(grid).run()
    assert not at.exception
    assert at.session_state["region"] == grid and at.query_params["region"] == grid
    assert_kpis_match(at, kuiwen_db, Filters(grid, as_of(kuiwen_db)))
    assert any("最小一级区划" in i.value for i in at.info)  # nothing below a grid
    at.button(key=f"crumb_{community}").click().run()
    assert at.session_state["region"] == community


# --- drill-down -----------------------------------------------------------------------------------


def test_drilling_down_shows_each_child_regions_values(kuiwen_db, fresh_streamlit):
    con = database.connect(kuiwen_db)
    day = as_of(kuiwen_db)
    at = run(kuiwen_db, "workforce")
    district = assert_kpis_match(at, kuiwen_db, Filters(ROOT, day))
    street, street_name = database.query_rows(con, "SELECT region_id, name FROM regions WHERE parent_id = ? "
                                                   "ORDER BY region_id LIMIT 1", [ROOT])[0]
    at.selectbox(key=f"region_select_{ROOT}").set_value(street).run()
    assert not at.exception
    at_street = assert_kpis_match(at, kuiwen_db, Filters(street, day))
    assert at_street["active_workers"] != district["active_workers"]
    assert any(m.value == f"**{street_name}**" for m in at.markdown), "breadcrumb"
    assert at.query_params["region"] == street

    community, community_name = database.query_rows(con, "SELECT region_id, name FROM regions WHERE parent_id = ? "
                                                         "ORDER BY region_id LIMIT 1", [street])[0]
    at.selectbox(key=f"region_select_{street}").set_value(community).run()
    assert not at.exception
    at_community = assert_kpis_match(at, kuiwen_db, Filters(community, day))
    assert at_community["active_workers"] != at_street["active_workers"]
    assert any(m.value == f"**{community_name}**" for m in at.markdown), "breadcrumb"

    # The breadcrumb goes back up.
    at.button(key=f"crumb_{ROOT}").click().run()
    assert not at.exception
    assert at.session_state["region"] == ROOT
    assert assert_kpis_match(at, kuiwen_db, Filters(ROOT, day)) == district
    assert "region" not in at.query_params


# --- the view in the URL ----------------------------------------------------------------------------


def test_the_url_reopens_the_same_view(kuiwen_db, fresh_streamlit):
    con = database.connect(kuiwen_db)
    street = database.query_rows(con, "SELECT region_id FROM regions WHERE parent_id = ? ORDER BY region_id DESC "
                                      "LIMIT 1", [ROOT])[0][0]
    at = run(kuiwen_db, "training")
    at.selectbox(key=f"region_select_{ROOT}").set_value(street).run()
    at.date_input(key="as_of").set_value(dt.date(2025, 12, 31)).run()
    at.radio(key="grain").set_value("quarter").run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    params = dict(at.query_params)
    assert params == {"region": street, "as_of": "2025-12-31", "grain": "quarter", "lang": "en"}
    first = assert_kpis_match(at, kuiwen_db, Filters(street, dt.date(2025, 12, 31), "quarter"), "en")

    again = run(kuiwen_db, "training", query=params)  # a new session opened from the copied link
    for key, value in (("region", street), ("as_of", dt.date(2025, 12, 31)), ("grain", "quarter"), ("lang", "en")):
        assert again.session_state[key] == value
    assert assert_kpis_match(again, kuiwen_db, Filters(street, dt.date(2025, 12, 31), "quarter"), "en") == first
    assert dict(again.query_params) == params


HOSTILE = [
    {"region": "370705'; DROP TABLE workers; --"},
    {"region": "9" * 500},
    {"region": "999999"},
    {"as_of": "2026-02-30"},
    {"as_of": "99999-01-01"},
    {"as_of": "1900-01-01"},
    {"grain": "decade"},
    {"lang": "<script>alert(1)</script>"},
    {"big": "yes"},
    {"dataset": "../../etc/passwd"},
    {"region": "", "as_of": "", "grain": "", "lang": ""},
    {"region": "３７０７０５", "unknown": "x" * 5000},
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: ",".join(q))
def test_hostile_query_parameters_open_the_default_view(query, kuiwen_db, fresh_streamlit):
    at = run(kuiwen_db, "workforce", query=query)
    ss = at.session_state
    day = as_of(kuiwen_db)
    assert (ss["region"], ss["as_of"], ss["grain"], ss["lang"], ss["big"]) == (ROOT, day, "year", "zh", False)
    assert_kpis_match(at, kuiwen_db, Filters(ROOT, day))
    for key in ("region", "as_of", "grain", "lang", "big", "dataset"):
        assert key not in at.query_params, key  # the bad value is gone from the link


def test_pages_before_any_data_and_after_the_data_end_explain_themselves(kuiwen_db, fresh_streamlit):
    for page in PAGES:
        at = run(kuiwen_db, page, query={"as_of": "2000-01-01"})
        assert_kpis_match(at, kuiwen_db, Filters(ROOT, dt.date(2000, 1, 1)))
        if page != "quality":
            assert any("没有" in i.value for i in at.info), page  # "…截至2000年1月1日没有“…”的数据"
    at = run(kuiwen_db, "workforce", query={"as_of": "2030-06-30"})
    assert any("晚于数据截止日" in w.value for w in at.warning)


def test_an_empty_database_offers_only_the_pages_that_fill_it(tmp_path, fresh_streamlit):
    path = tmp_path / "empty.duckdb"
    database.connect(path)  # schema, no rows
    database.close(path)
    at = run(path, "overview")
    assert any("还没有区划数据" in w.value for w in at.warning)
    labels = {m.label_zh for m in catalogue.CATALOGUE}
    assert not [e for e in at.metric if e.label in labels]  # no dashboard page without regions


# --- big screen -----------------------------------------------------------------------------------


def test_big_screen_has_a_way_out_and_a_rotation_order(kuiwen_db, fresh_streamlit):
    from cgw.webui import wall

    at = run(kuiwen_db, "partners", query={"big": "1"})
    assert at.session_state["big"] is True
    assert at.query_params["big"] == "1"
    # Its first screen: the KPIs as big numbers (no st.metric with its help icon), no export menu.
    assert not at.metric and not at.get("popover")
    assert at.button(key="wall_pause").label == "暂停轮播"
    at.button(key="wall_pause").click().run()
    assert at.session_state["_wall_paused"] is True and at.button(key="wall_pause").label == "继续轮播"
    at.button(key="wall_exit").click().run()
    assert not at.exception
    assert at.session_state["big"] is False
    assert "big" not in at.query_params
    assert_kpis_match(at, kuiwen_db, Filters(ROOT, as_of(kuiwen_db)))
    pages = ["overview", "workforce", "services"]
    assert wall.next_page("workforce", pages) == "services"
    assert wall.next_page("services", pages) == "overview"
    assert wall.next_page("quality", pages) == "overview"


# --- empty states and data quality -----------------------------------------------------------------


def test_a_community_without_partners_explains_itself(kuiwen_copy, fresh_streamlit):
    con = database.connect(kuiwen_copy)
    street, community, name = database.query_rows(
        con, "SELECT parent_id, region_id, name FROM regions WHERE level = 'community' ORDER BY region_id LIMIT 1")[0]
    cur = con.cursor()
    cur.execute("DELETE FROM partner_communities WHERE community_id = ?", [community])
    cur.close()
    database.close(kuiwen_copy)

    at = run(kuiwen_copy, "partners", query={"region": street})
    assert any(name in w.value and "暂无幸福合伙人" in w.value for w in at.warning)
    at = run(kuiwen_copy, "partners", query={"region": community})
    shown = {e.label: e.value for e in at.metric}
    assert shown["幸福合伙人"] == "0家"
    texts = [i.value for i in at.info]
    assert any("暂无在册的幸福合伙人" in t for t in texts), texts
    assert any("按社区统计，不分网格" in t for t in texts), texts  # partners are not kept per grid


def test_data_quality_lists_affected_rows_with_ids_masked(kuiwen_copy, fresh_streamlit):
    con = database.connect(kuiwen_copy)
    # A reserve candidate (no other table refers to it, so DuckDB lets the row be updated).
    worker, id_number = database.query_rows(
        con, "SELECT candidate_id, id_number FROM reserve_candidates ORDER BY candidate_id LIMIT 1")[0]
    wrong = id_number[:17] + ("0" if id_number[17] != "0" else "1")
    cur = con.cursor()
    cur.execute("UPDATE reserve_candidates SET id_number = ? WHERE candidate_id = ?", [wrong, worker])
    cur.close()
    database.close(kuiwen_copy)

    at = run(kuiwen_copy, "quality")
    rule = quality.get("id_check_digit")
    expanders = [e for e in at.expander if rule.label_zh in e.label]
    assert expanders and "错误" in expanders[0].label
    frames = [d.value for d in at.dataframe]
    cells = " ".join(str(v) for df in frames for v in df.astype(str).to_numpy().ravel())
    assert worker in cells
    assert wrong not in cells and id_number not in cells
    assert wrong[:6] + "*" * 8 + wrong[-4:] in cells
    assert not re.search(r"\d{17}[\dXx]", cells)
