"""`python cli.py bench`: side-by-side performance ratios at province scale.

Each ratio is measured within one run, approaches interleaved round by round, so machine noise
hits both sides alike; absolute times are printed for context only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import metrics
from cgw.ingest.generator import build, targets
from cgw.outputs import browser as chromium
from cgw.storage import database
from devtools import app_server
from metrics import placement

BENCH_DIR = Path(os.environ.get("CGW_BENCH_DIR") or Path(__file__).resolve().parent.parent / "data" / "bench")


@dataclass
class Figure:
    key: str
    label: str
    value: float | None
    unit: str
    target: str | None = None
    met: bool | None = None
    detail: dict = field(default_factory=dict)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(approaches: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds per approach, run round-robin after one warm-up each; the order reverses
    every round (A B, B A, …) so neither side always follows the other."""
    for fn in approaches.values():
        fn()
    times: dict[str, list[float]] = {k: [] for k in approaches}
    keys = list(approaches)
    for r in range(rounds):
        for key in keys if r % 2 == 0 else reversed(keys):
            times[key].append(timed(approaches[key]))
    return {k: statistics.median(v) for k, v in times.items()}


# --- the dataset ------------------------------------------------------------------------------


def dataset(preset: str, seed: int, path: Path | None, progress=None) -> tuple[Path, float | None, bool]:
    """A database of `preset`, reused when one was built for the same seed. Returns (path,
    generation seconds, reused)."""
    path = path or BENCH_DIR / f"{preset}-seed{seed}.duckdb"
    if path.exists():
        con = database.open_database(path)
        info = database.dataset_info(con)
        con.close()
        if info.get("preset") == preset and info.get("seed") == str(seed):
            seconds = float(info["generation_seconds"]) if "generation_seconds" in info else None
            return path, seconds, True
    path.parent.mkdir(parents=True, exist_ok=True)
    result = build.generate(targets.PRESETS[preset], path, seed=seed, progress=progress or (lambda f, m: None))
    return path, result.seconds, False


# --- overview KPI set: catalogue vs raw SQL vs pandas -----------------------------------------

RAW_SQL = """
WITH w AS (
    SELECT worker_id, birth_date, education, post_title, post_since
    FROM workers
    WHERE starts_with(community_id, $region) AND hire_date <= $as_of
      AND (exit_date IS NULL OR exit_date > $as_of)
), aged AS (
    SELECT *, date_part('year', age($as_of::TIMESTAMP, birth_date::TIMESTAMP)) AS age FROM w
)
SELECT
    (SELECT count(*) FROM w) AS active_workers,
    (SELECT count(*) FROM w) * 10000.0 / (
        SELECT sum(resident_population) FROM region_population
        WHERE starts_with(region_id, $region)
          AND year = (SELECT max(year) FROM region_population WHERE year <= year($as_of))) AS workers_per_10k,
    (SELECT avg(CASE WHEN age < 40 THEN 1.0 ELSE 0 END) FROM aged) AS under_40_share,
    (SELECT avg(CASE WHEN education IN ('研究生', '本科', '大专') THEN 1.0 ELSE 0 END) FROM w) AS college_share,
    (SELECT count(*) FROM w WHERE worker_id IN (SELECT worker_id FROM certificates WHERE obtained_on <= $as_of))
        / (SELECT count(*) FROM w) AS certified_share,
    (SELECT avg(age) FROM aged WHERE post_title IN ('书记兼主任', '书记') AND post_since <= $as_of) AS secretary_avg_age,
    (SELECT count(*) FROM reserve_candidates WHERE starts_with(community_id, $region) AND entered_on <= $as_of
        AND (left_on IS NULL OR left_on > $as_of) AND year(birth_date) BETWEEN 1990 AND 1999) AS reserve_90s,
    (SELECT count(DISTINCT t.worker_id) FROM trainings t JOIN w USING (worker_id)
        WHERE t.start_date BETWEEN make_date(year($as_of), 1, 1) AND $as_of)
        / (SELECT count(*) FROM w) AS training_coverage,
    (SELECT count(DISTINCT p.partner_id) FROM partners p JOIN partner_communities pc USING (partner_id)
        WHERE starts_with(pc.community_id, $region) AND p.joined_on <= $as_of
          AND (p.exited_on IS NULL OR p.exited_on > $as_of)) AS partners,
    (SELECT count(*) FROM livelihood_issues WHERE starts_with(community_id, $region) AND source = '联席会议'
        AND resolved_on BETWEEN make_date(year($as_of) - 1, 1, 1) AND $as_of) AS issues_resolved,
    (SELECT count(*) FROM wishes WHERE starts_with(community_id, $region) AND fulfilled_on <= $as_of)
        AS wishes_fulfilled
"""


def raw_sql_kpis(con, region: str, as_of: dt.date) -> dict[str, float]:
    cur = con.cursor()
    df = cur.execute(RAW_SQL, {"region": region, "as_of": as_of}).df()
    cur.close()
    return {k: float(v) for k, v in df.iloc[0].items()}


def pandas_kpis(con, region: str, as_of: dt.date) -> dict[str, float]:
    """The way a typical dashboard does it: pull the tables, filter and group in pandas."""

    def table(name: str) -> pd.DataFrame:
        cur = con.cursor()
        try:
            return cur.execute(f"SELECT * FROM {name}").df()
        finally:
            cur.close()

    ts = pd.Timestamp(as_of)
    workers = table("workers")
    w = workers[workers["community_id"].astype(str).str.startswith(region)
                & (workers["hire_date"] <= ts) & (workers["exit_date"].isna() | (workers["exit_date"] > ts))]
    birth = pd.to_datetime(w["birth_date"])
    age = as_of.year - birth.dt.year - ((birth.dt.month * 100 + birth.dt.day) > as_of.month * 100 + as_of.day)
    pop = table("region_population")
    year = pop.loc[pop["year"] <= as_of.year, "year"].max()
    pop = pop[(pop["year"] == year) & pop["region_id"].astype(str).str.startswith(region)]
    certs = table("certificates")
    certified = w["worker_id"].isin(certs.loc[certs["obtained_on"] <= ts, "worker_id"])
    secretary = w["post_title"].astype(str).isin(["书记兼主任", "书记"]) & (w["post_since"] <= ts)
    reserve = table("reserve_candidates")
    r = reserve[reserve["community_id"].astype(str).str.startswith(region) & (reserve["entered_on"] <= ts)
                & (reserve["left_on"].isna() | (reserve["left_on"] > ts))]
    trainings = table("trainings")
    t = trainings[(trainings["start_date"] >= pd.Timestamp(as_of.year, 1, 1)) & (trainings["start_date"] <= ts)]
    partners = table("partners").merge(table("partner_communities"), on="partner_id")
    p = partners[partners["community_id"].astype(str).str.startswith(region) & (partners["joined_on"] <= ts)
                 & (partners["exited_on"].isna() | (partners["exited_on"] > ts))]
    issues = table("livelihood_issues")
    i = issues[issues["community_id"].astype(str).str.startswith(region) & (issues["source"] == "联席会议")
               & (issues["resolved_on"] >= pd.Timestamp(as_of.year - 1, 1, 1)) & (issues["resolved_on"] <= ts)]
    wishes = table("wishes")
    wf = wishes[wishes["community_id"].astype(str).str.startswith(region) & (wishes["fulfilled_on"] <= ts)]
    n = len(w)
    return {
        "active_workers": float(n),
        "workers_per_10k": n * 10000.0 / pop["resident_population"].sum(),
        "under_40_share": float((age < 40).mean()),
        "college_share": float(w["education"].astype(str).isin(["研究生", "本科", "大专"]).mean()),
        "certified_share": float(certified.mean()),
        "secretary_avg_age": float(age[secretary].mean()),
        "reserve_90s": float(r["birth_date"].dt.year.between(1990, 1999).sum()),
        "training_coverage": t["worker_id"].isin(w["worker_id"]).pipe(lambda m: t.loc[m, "worker_id"].nunique()) / n,
        "partners": float(p["partner_id"].nunique()),
        "issues_resolved": float(len(i)),
        "wishes_fulfilled": float(len(wf)),
    }


def overview_ratios(con, region: str, as_of: dt.date, rounds: int) -> list[Figure]:
    ids = list(placement.headline())
    f = metrics.Filters(region, as_of)
    via_catalogue = metrics.evaluate(con, ids, f)
    via_raw = raw_sql_kpis(con, region, as_of)
    via_pandas = pandas_kpis(con, region, as_of)
    if set(ids) != set(via_raw):
        raise RuntimeError(f"bench raw SQL covers {sorted(via_raw)}, overview shows {sorted(ids)}")
    for k in ids:  # the three must agree before their speed is compared
        for other in (via_raw, via_pandas):
            if not np.isclose(via_catalogue[k] or 0, other[k] or 0, rtol=1e-9, atol=1e-9):
                raise RuntimeError(f"{k}: catalogue {via_catalogue[k]} ≠ {other[k]}")
    # Each pair is timed on its own so the pandas pulls don't disturb the SQL-vs-SQL comparison.
    t = interleaved({"catalogue": lambda: metrics.evaluate(con, ids, f),
                     "raw_sql": lambda: raw_sql_kpis(con, region, as_of)}, rounds * 4)
    t.update({k + "_2": v for k, v in interleaved(
        {"catalogue": lambda: metrics.evaluate(con, ids, f),
         "pandas": lambda: pandas_kpis(con, region, as_of)}, rounds).items()})
    t["pandas"] = t.pop("pandas_2")
    r1 = t["catalogue"] / t["raw_sql"]
    r2 = t["pandas"] / t["catalogue_2"]
    return [
        Figure("catalogue_vs_raw_sql", "总览指标：指标目录 ÷ 手写 DuckDB SQL", r1, "×", "≤ 1.2", r1 <= 1.2,
               {"catalogue_s": t["catalogue"], "raw_sql_s": t["raw_sql"], "kpis": len(ids)}),
        Figure("pandas_vs_catalogue", "总览指标：pandas 全表拉取 ÷ 指标目录", r2, "×", "≥ 3", r2 >= 3,
               {"pandas_s": t["pandas"], "catalogue_s": t["catalogue_2"]}),
    ]


# --- generator vs a per-row Faker loop ------------------------------------------------------


def faker_loop_rows_per_second(seconds: float = 3.0) -> float:
    """A plain per-row loop building worker rows with Faker, the way one would without pools."""
    import random

    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(1)
    rnd = random.Random(1)
    rows = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        female = rnd.random() < 0.7
        birth = fake.date_of_birth(minimum_age=22, maximum_age=59)
        rows.append({
            "name": fake.name_female() if female else fake.name_male(), "gender": "女" if female else "男",
            "id_number": fake.ssn(), "birth_date": birth, "ethnicity": "汉族",
            "political_status": rnd.choice(["中共党员", "群众", "共青团员"]),
            "education": rnd.choice(["本科", "大专", "研究生", "中专·高中"]),
            "community_id": f"370705001{rnd.randint(1, 9):03d}", "role_category": "一般社区工作者",
            "post_title": "社区专职工作者", "post_level": rnd.randint(1, 12),
            "source": rnd.choice(["公开招聘", "随缺随补"]), "hire_date": fake.date_between("-10y", "today"),
            "status": "在岗", "phone": fake.phone_number(), "address": fake.address(),
        })  # fmt: skip
    return len(rows) / (time.perf_counter() - start)


# --- cost as work grows ------------------------------------------------------------------------


def kuiwen_path(seed: int, factor: float = 1) -> Path:
    """The kuiwen district at `factor` times its size, generated once per seed."""
    path = BENCH_DIR / f"kuiwen-x{factor:g}-seed{seed}.duckdb"
    if not path.exists():
        build.generate(targets.KUIWEN.scaled(factor), path, seed=seed)
    return path


def scaling(factors: tuple[float, ...], province: Path | None, seed: int, rounds: int) -> list[dict]:
    """Overview KPI time (now, a year earlier and the previous period, as the page asks) at
    growing multiples of the kuiwen district, and at province scale."""
    out = []
    cases: list[tuple[str, Path]] = []
    for factor in factors:
        cases.append((f"kuiwen ×{factor:g}", kuiwen_path(seed, factor)))
    if province is not None:
        cases.append(("province", province))
    ids = list(placement.headline())
    for label, path in cases:
        con = database.open_database(path)
        root = database.query_rows(con, "SELECT region_id FROM regions WHERE parent_id IS NULL")[0][0]
        f = metrics.Filters(root, database.as_of_date(con))
        rows = sum(database.table_counts(con).values())
        seconds = interleaved({"compare": lambda con=con, f=f: metrics.compare(con, ids, f)}, rounds)["compare"]
        con.close()
        out.append({"case": label, "rows": rows, "overview_kpis_s": seconds})
    return out


# --- the running app in a real browser -----------------------------------------------------------

# Every chart drawn: each ECharts chart (st.echarts_chart, SVG renderer) holds its drawn SVG.
_DRAWN_JS = """
  const charts = [...document.querySelectorAll('[data-testid="stEChartsChart"]')];
  const drawn = charts.every(c => c.querySelector('svg path'));"""
_BUSY_JS = """
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelectorAll('[data-testid="stSkeleton"]').length) return false;"""
# The overview ready: the script finished, the KPI cards are shown, every chart is drawn.
READY_JS = f"""() => {{{_BUSY_JS}
  if (document.querySelectorAll('[data-testid="stMetricValue"]').length < 4) return false;{_DRAWN_JS}
  return drawn && charts.length > 0;
}}"""
# Any page ready: its title is shown, the script finished, KPI cards and every chart are drawn.
PAGE_READY_JS = f"""(title) => {{
  const h1 = document.querySelector('h1');
  if (!h1 || h1.innerText.trim() !== title) return false;{_BUSY_JS}
  if (!document.querySelectorAll('[data-testid="stMetricValue"]').length) return false;{_DRAWN_JS}
  return drawn;
}}"""


_cookies: list[dict] = []  # the signed-in session of the app being measured (app_server.session_cookie)


def _new_context(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1600}, locale="zh-CN")
    context.add_cookies(_cookies)
    return context


def _open(context, url: str, ready: str = READY_JS, arg: str | None = None) -> float:
    """Seconds from opening `url` in a new tab of `context` until `ready`; then the tab closes."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    try:
        page.wait_for_function(ready, arg=arg, timeout=120_000, polling=50)
    except Exception as e:  # say which page never became ready
        raise RuntimeError(f"{url} ({arg}) not ready in 120 s") from e
    seconds = time.perf_counter() - start
    page.close()
    return seconds


# A closed tab's renderer and the server's session teardown take a core for a moment: on two cores
# the next opening would measure that too, so each opening starts after a short pause (none in
# --quick, which checks the code, not the timings).
SETTLE_S = 1.0


def _settled_open(context, url: str, ready: str, arg: str | None, settle_s: float) -> float:
    time.sleep(settle_s)
    return _open(context, url, ready, arg)


def _fresh_and_cached(browser, url: str, rounds: int, ready: str = READY_JS, arg: str | None = None,
                      settle_s: float = SETTLE_S) -> tuple[list[float], list[float]]:
    """`rounds` openings of `url` in new browser profiles, then `rounds` in one profile that keeps
    Streamlit's static scripts cached after a first visit, as a leader's browser does."""
    fresh = []
    for _ in range(rounds):
        context = _new_context(browser)
        fresh.append(_settled_open(context, url, ready, arg, settle_s))
        context.close()
    context = _new_context(browser)
    _open(context, url, ready, arg)
    cached = [_settled_open(context, url, ready, arg, settle_s) for _ in range(rounds)]
    context.close()
    return fresh, cached


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    import subprocess

    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                                   text=True).stdout.split()]
    total = 0.0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def browser_figures(db_path: Path, rounds: int = 3, scale: str = "", settle_s: float = SETTLE_S) -> list[Figure]:
    """Start the app on `db_path`, warm it, then time a first render of the overview in a fresh
    browser profile and a region filter change; report the server's peak memory."""
    from playwright.sync_api import sync_playwright

    _cookies[:] = [app_server.session_cookie(db_path)]
    with app_server.running_app(db_path, log_path=db_path.with_suffix(".bench-server.log"), timeout_s=90) as (
        base, server
    ):
        url = base + "/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium.PATH, args=chromium.OFFLINE_ARGS)

            warm = _new_context(browser)
            _open(warm, url)  # warm the server: caches, the first script run
            warm.close()
            renders, cached = _fresh_and_cached(browser, url, rounds, settle_s=settle_s)

            context = _new_context(browser)
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(READY_JS, timeout=120_000, polling=50)
            changes = []
            box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
            for i in range(rounds):
                box.click()
                options = page.locator("[role='option']")
                start = time.perf_counter()
                options.nth(1 + i % max(1, options.count() - 1)).click()
                # The view lives in the URL: a street in it, then the page drawn for that street.
                page.wait_for_function("() => location.search.includes('region=')", timeout=60_000, polling=20)
                page.wait_for_function(READY_JS, timeout=60_000, polling=20)
                changes.append(time.perf_counter() - start)
                # Back to the whole region for the next round.
                box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
                box.click()
                page.locator("[role='option']").first.click()
                page.wait_for_function("() => !location.search.includes('region=')", timeout=60_000, polling=50)
                page.wait_for_function(READY_JS, timeout=60_000, polling=50)
            context.close()
            browser.close()
        rss = _peak_rss_mb(server.pid)
    first = statistics.median(renders)
    again = statistics.median(cached)
    change = statistics.median(changes)
    # A new profile: the Core Web Vitals "good" largest contentful paint, as for every page.
    return [
        Figure("overview_first_render_s", "总览首屏（服务已预热，全新浏览器配置）", first, "s", "≤ 2.5", first <= 2.5,
               {"all_s": renders}),
        Figure("overview_render_cached_s", "总览首屏（服务已预热，浏览器已缓存静态脚本）", again, "s", "≤ 2",
               again <= 2, {"all_s": cached}),
        Figure("region_change_s", "切换区划后刷新", change, "s", "≤ 1", change <= 1, {"all_s": changes}),
        Figure("app_peak_rss_mb", f"看板进程峰值内存（{scale}）", rss, "MB", "≤ 1536", rss <= 1536),
    ]


def page_figures(db_path: Path, rounds: int = 3, scale: str = "", settle_s: float = SETTLE_S) -> list[Figure]:
    """Every dashboard page (and data quality) opened from a link in a new tab of a warm server:
    the slowest page's median, in a fresh browser profile and with Streamlit's scripts cached."""
    from playwright.sync_api import sync_playwright

    from pages import DASHBOARD_PAGES, DATA_PAGES

    pages = [(p.id, p.title_zh) for p in DASHBOARD_PAGES] + [(p.id, p.title_zh) for p in DATA_PAGES if p.id == "quality"]
    fresh: dict[str, float] = {}
    cached: dict[str, float] = {}
    rounds_s: dict[str, dict[str, list[float]]] = {}
    _cookies[:] = [app_server.session_cookie(db_path)]
    with app_server.running_app(db_path, log_path=db_path.with_suffix(".pages-server.log"), timeout_s=90) as (
        base, _server
    ):
        def url_of(path: str) -> str:
            return f"{base}/{'' if path == 'overview' else path}"

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium.PATH, args=chromium.OFFLINE_ARGS)

            warm = _new_context(browser)
            for path, title in pages:  # warm the server: caches, each page's first run
                _open(warm, url_of(path), PAGE_READY_JS, title)
            warm.close()
            for path, title in pages:
                times, again = _fresh_and_cached(browser, url_of(path), rounds, PAGE_READY_JS, title, settle_s)
                fresh[path], cached[path] = statistics.median(times), statistics.median(again)
                rounds_s[path] = {"fresh": times, "cached": again}
            browser.close()
    slow_fresh, slow_cached = max(fresh, key=fresh.get), max(cached, key=cached.get)
    return [
        Figure("slowest_page_first_render_s", f"最慢页面首屏（{scale}，全新浏览器配置：{slow_fresh}）", fresh[slow_fresh],
               "s", "≤ 2.5", fresh[slow_fresh] <= 2.5, {"pages_s": fresh, "rounds_s": rounds_s}),
        Figure("slowest_page_render_cached_s", f"最慢页面首屏（{scale}，浏览器已缓存静态脚本：{slow_cached}）",
               cached[slow_cached], "s", "≤ 2", cached[slow_cached] <= 2, {"pages_s": cached}),
    ]


# --- the whole run ------------------------------------------------------------------------------


def print_table(figures: list[Figure]) -> None:
    print(f"{'figure':58} {'value':>12}  {'target':>10}  met")
    for f in figures:
        value = "—" if f.value is None else (f"{f.value:,.2f}" if f.value < 1000 else f"{f.value:,.0f}")
        met = {True: "yes", False: "NO", None: ""}[f.met]
        print(f"{f.label:58} {value + ' ' + f.unit:>12}  {f.target or '':>10}  {met}")


def run(quick: bool = False, db: str | None = None, seed: int = 1, progress=None,
        browser: bool = True, scale_study: bool = True) -> tuple[list[Figure], list[dict]]:
    """Every figure, and the scaling table. --quick: the same code on small data (CI correctness)."""
    preset = "hongtong" if quick else "province"
    rounds = 3 if quick else 5
    path, gen_seconds, reused = dataset(preset, seed, Path(db) if db else None, progress)
    con = database.open_database(path)
    root = database.query_rows(con, "SELECT region_id FROM regions WHERE parent_id IS NULL")[0][0]
    as_of = database.as_of_date(con)
    rows = sum(database.table_counts(con).values())
    figures = overview_ratios(con, root, as_of, rounds)
    con.close()
    database.close(path)

    gen_rate = rows / gen_seconds if gen_seconds else None
    loop_rate = faker_loop_rows_per_second(1.0 if quick else 3.0)
    figures.append(Figure("generator_vs_faker_loop", "生成器行/秒 ÷ 逐行 Faker 循环", None if gen_rate is None
                          else gen_rate / loop_rate, "×", "≥ 30",
                          None if gen_rate is None else gen_rate / loop_rate >= 30,
                          {"generator_rows_per_s": gen_rate, "faker_loop_rows_per_s": loop_rate}))
    figures.append(Figure("generation_seconds", f"{preset} 预设生成用时", gen_seconds, "s",
                          None if quick else "≤ 60", None if quick or gen_seconds is None else gen_seconds <= 60,
                          {"rows": rows, "reused": reused}))

    from devtools import import_bench

    import_rows = 20_000 if quick else 1_000_000
    imp = import_bench.measure(rows=import_rows, workdir=BENCH_DIR / "import", rounds=1 if quick else 3)
    ratio = imp["ratio_to_read_csv"]
    figures.append(Figure("import_vs_read_csv", f"校验导入 {import_rows:,} 行 GBK 花名册 ÷ DuckDB read_csv（UTF-8）",
                          ratio, "×", "≤ 3", ratio <= 3, {**imp["seconds"], "ratio_to_native_load":
                                                          imp["ratio_to_native_load"]}))
    xlsx_rows = 5_000 if quick else 100_000
    xl = import_bench.measure_xlsx_preview(rows=xlsx_rows, workdir=BENCH_DIR / "import", rounds=1 if quick else 3)
    figures.append(Figure("xlsx_preview_s", f"预览 {xlsx_rows:,} 行 Excel 花名册（列和取值对应、全部校验）", xl["seconds"], "s",
                          "≤ 5", xl["seconds"] <= 5, {"rows": xlsx_rows, "all_seconds": xl["all_seconds"]}))
    if browser:
        figures += browser_figures(path, rounds=2 if quick else 3, scale=preset, settle_s=0 if quick else SETTLE_S)
    table = scaling((1, 2) if quick else (1, 4, 16), None if quick else path, seed, rounds) if scale_study else []
    if browser:  # every page at district scale, as a leader opens it from a link
        figures += page_figures(path if quick else kuiwen_path(seed), rounds=1 if quick else 3,
                                scale=preset if quick else "kuiwen", settle_s=0 if quick else SETTLE_S)
    return figures, table


# Any version's page drawn: ECharts' SVG, a hand-made light chart's shadow root, or plotly's SVG.
ANY_PAGE_READY_JS = """(title) => {
  const h1 = document.querySelector('h1');
  if (!h1 || h1.innerText.trim() !== title) return false;""" + _BUSY_JS + """
  if (!document.querySelectorAll('[data-testid="stMetricValue"]').length) return false;
  const e = [...document.querySelectorAll('[data-testid="stEChartsChart"]')].every(c => c.querySelector('svg path'));
  const l = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
    .every(c => !c.shadowRoot || !c.shadowRoot.querySelector('.light-chart') || c.shadowRoot.querySelector('.light-chart > *'));
  const p = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'));
  return e && l && p;
}"""


def pages_side_by_side(other: Path, seed: int = 1, rounds: int = 3) -> dict:
    """Every dashboard page opened from a link in this checkout and in `other` (e.g. the commit
    before a change), round by round in turns, so the machine's noise hits both alike: medians
    per page in a new browser profile and with scripts cached, and a region change."""
    import shutil
    import tempfile

    from playwright.sync_api import sync_playwright

    from pages import DASHBOARD_PAGES

    source = kuiwen_path(seed)
    pages = [(p.id, p.title_zh) for p in DASHBOARD_PAGES]
    out: dict = {"fresh": {}, "cached": {}, "region_change": {}}
    with tempfile.TemporaryDirectory(prefix="side-by-side-") as tmp, contextlib.ExitStack() as stack:
        bases = {}
        for name, root in (("this", Path(__file__).resolve().parent.parent), ("other", Path(other).resolve())):
            db = Path(tmp) / f"{name}.duckdb"
            shutil.copy(source, db)
            bases[name] = stack.enter_context(app_server.running_app(db, log_path=Path(tmp) / f"{name}.log",
                                                                     timeout_s=120, root=root))[0]
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=chromium.PATH, args=chromium.OFFLINE_ARGS)
        stack.callback(browser.close)

        def url(name: str, path: str) -> str:
            return f"{bases[name]}/{'' if path == 'overview' else path}"

        warm = _new_context(browser)
        for name in bases:
            for path, title in pages:
                _open(warm, url(name, path), ANY_PAGE_READY_JS, title)
        warm.close()
        cached = {name: _new_context(browser) for name in bases}
        for name in bases:
            _open(cached[name], url(name, "overview"), ANY_PAGE_READY_JS, "总览")
        times: dict = {kind: {name: {path: [] for path, _ in pages} for name in bases} for kind in ("fresh", "cached")}
        for r in range(rounds):
            order = list(bases) if r % 2 == 0 else list(reversed(bases))
            for path, title in pages:
                for name in order:
                    context = _new_context(browser)
                    times["fresh"][name][path].append(_open(context, url(name, path), ANY_PAGE_READY_JS, title))
                    context.close()
                    times["cached"][name][path].append(_open(cached[name], url(name, path), ANY_PAGE_READY_JS, title))
        changes: dict = {name: [] for name in bases}
        for r in range(rounds):
            for name in (list(bases) if r % 2 == 0 else list(reversed(bases))):
                page = cached[name].new_page()
                page.goto(url(name, "overview"))
                page.wait_for_function(ANY_PAGE_READY_JS, arg="总览", timeout=120_000, polling=50)
                box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
                box.click()
                start = time.perf_counter()
                page.locator("[role='option']").nth(1 + r).click()
                page.wait_for_function("() => location.search.includes('region=')", timeout=60_000, polling=20)
                page.wait_for_function(ANY_PAGE_READY_JS, arg="总览", timeout=60_000, polling=20)
                changes[name].append(time.perf_counter() - start)
                page.close()
        for context in cached.values():
            context.close()
    for kind in ("fresh", "cached"):
        for name in bases:
            out[kind][name] = {path: round(statistics.median(v), 2) for path, v in times[kind][name].items()}
    out["region_change"] = {name: round(statistics.median(v), 2) for name, v in changes.items()}
    return out


def pages_only(seed: int = 1, rounds: int = 3) -> list[Figure]:
    """Every page opened from a link (new profile, cached scripts), a region change and the
    server's memory, at kuiwen scale: what a leader waits for."""
    path = kuiwen_path(seed)
    return page_figures(path, rounds, "kuiwen") + browser_figures(path, rounds, "kuiwen")


def print_scaling(table: list[dict]) -> None:
    if not table:
        return
    print(f"\n{'dataset':16} {'rows':>12} {'overview KPIs (now, 同比, 环比)':>32}")
    for r in table:
        print(f"{r['case']:16} {r['rows']:>12,} {r['overview_kpis_s'] * 1000:>29.0f} ms")


def summary_json(figures: list[Figure], table: list[dict] | None = None) -> str:
    out = {f.key: {"value": f.value, "unit": f.unit, "target": f.target, "met": f.met, **f.detail} for f in figures}
    out["scaling"] = table or []
    out["all_targets_met"] = all(f.met for f in figures if f.met is not None)
    return json.dumps(out, ensure_ascii=False, default=str)
