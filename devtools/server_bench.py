"""`python cli.py bench --engine postgresql`: embedded DuckDB and PostgreSQL side by side, at kuiwen
and at province scale, on the same machine and the same data:

- the overview's KPI set (now, a year earlier and the previous period, as the page asks);
- a region breakdown (the overview's two region charts);
- a 100,000-row roster import (then undone, so the dataset stays as it was);
- page loads under 8 concurrent browser sessions: DuckDB with its one process, PostgreSQL with one
  and with two app processes (sessions alternate between them, as sticky sessions behind a reverse
  proxy would put them).

Query timings are interleaved round by round (benchmark.interleaved) so machine noise hits both
engines alike; the figures are ratios PostgreSQL ÷ DuckDB. The PostgreSQL server is the one given
by --pg-url, or else a private one whose files stay in data/bench/pg/ so the loaded datasets are
reused on the next run.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from pathlib import Path

import metrics
from cgw.ingest import importer
from cgw.outputs import browser as chromium
from cgw.storage import backends, database
from devtools import app_server, benchmark, import_bench, pg_server
from devtools.benchmark import Figure, interleaved
from metrics import parts, placement

SESSIONS = 8
LOAD_TIMEOUT_S = 120  # a page load slower than this counts as a timeout
REGION_CHARTS = ("workers_per_10k", "certified_share")  # the overview's region breakdowns


@contextlib.contextmanager
def server(pg_url: str | None):
    """(a function name → URL of a database on the server) for --pg-url or the private bench server."""
    if pg_url:
        base = pg_url.rsplit("/", 1)[0]
        yield lambda name: _ensure_database(f"{base}/postgres", name, base)
        return
    with pg_server.running_server(root=benchmark.BENCH_DIR / "pg") as s:
        yield lambda name: _ensure_database(s.url(), name, s.url().rsplit("/", 1)[0])


def _ensure_database(admin_url: str, name: str, base: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchall():
            con.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' LOCALE \'C\'')
    return f"{base}/{name}"


def loaded(duck_path: Path, url: str, progress) -> tuple[str, float | None]:
    """`url` holding the same dataset as `duck_path` (copied in when it does not yet); returns
    (url, seconds the copy took, None when reused)."""
    duck = database.open_database(duck_path, read_only=True)
    try:
        want = database.dataset_info(duck)
        store = database.connect(url)
        have = database.dataset_info(store)
        same = all(have.get(k) == want.get(k) for k in ("preset", "seed", "generated_at"))
        if same and not database.query_rows(store, "SELECT count(*) FROM import_batches WHERE status = '已导入'")[0][0]:
            parts.refresh(store)  # a no-op when the parts of this data version are stored
            return url, None
        started = time.perf_counter()
        backends.replace_all(store, duck, database.DATA_TABLES, lambda f, m: progress(f, f"复制到 PostgreSQL：{m}"))
        parts.refresh(store)
        return url, time.perf_counter() - started
    finally:
        duck.close()


# --- queries ---------------------------------------------------------------------------------------


def _default_view(duck) -> metrics.Filters:
    """The dataset's default view: its top region on its data date."""
    root = database.query_rows(duck, "SELECT region_id FROM regions WHERE parent_id IS NULL")[0][0]
    return metrics.Filters(root, database.as_of_date(duck))


def _answer_alike(duck, pg, ids: list[str], f: metrics.Filters, label: str) -> None:
    """Both engines give the same overview before their speed is compared."""
    if [c.value for c in metrics.compare(duck, ids, f)] != [c.value for c in metrics.compare(pg, ids, f)]:
        raise RuntimeError(f"{label} ({f.as_of}): the overview KPIs differ between DuckDB and PostgreSQL")


def query_figures(scale: str, duck, pg, rounds: int) -> list[Figure]:
    f = _default_view(duck)
    ids = list(placement.headline())
    for con in (duck, pg):  # first runs (caches, plans) stay out of the comparison
        metrics.compare(con, ids, f)
    _answer_alike(duck, pg, ids, f, scale)
    t = interleaved({"duckdb": lambda: metrics.compare(duck, ids, f),
                     "postgresql": lambda: metrics.compare(pg, ids, f)}, rounds)
    r = t["postgresql"] / t["duckdb"]
    out = [Figure(f"pg_overview_kpis_{scale}", f"总览指标（{scale}，本期+同比+环比）：PostgreSQL ÷ DuckDB", r, "×",
                  "≤ 3" if scale == "province" else None, r <= 3 if scale == "province" else None,
                  {"duckdb_s": t["duckdb"], "postgresql_s": t["postgresql"], "kpis": len(ids)})]

    def regions(con):
        return [metrics.breakdown(con, mid, f, "region") for mid in REGION_CHARTS]

    t = interleaved({"duckdb": lambda: regions(duck), "postgresql": lambda: regions(pg)}, rounds)
    r = t["postgresql"] / t["duckdb"]
    out.append(Figure(f"pg_region_breakdown_{scale}", f"按区划分解（{scale}，总览两张区划图）：PostgreSQL ÷ DuckDB", r,
                      "×", None, None, {"duckdb_s": t["duckdb"], "postgresql_s": t["postgresql"]}))
    return out


# --- a 100,000-row import ----------------------------------------------------------------------------


def import_figure(scale: str, duck_path: Path, url: str, rows: int, workdir: Path) -> Figure:
    """A roster of `rows` new workers into each engine's copy of the dataset, then undone."""
    duck = database.connect(duck_path)
    communities = [r[0] for r in database.query_rows(duck, "SELECT region_id FROM regions WHERE level = 'community' "
                                                           "ORDER BY region_id")]
    gbk, utf8 = workdir / f"roster_{scale}_{rows}_gbk.csv", workdir / f"roster_{scale}_{rows}_utf8.csv"
    if not gbk.exists():
        workdir.mkdir(parents=True, exist_ok=True)
        import_bench.write_roster(gbk, utf8, rows + rows // 20, communities)
        # New people: worker ids next to the dataset's own ("B…" is never generated), and no ID number
        # that a worker of the dataset already has (a person in post twice is refused).
        taken = {r[0] for r in database.query_rows(duck, "SELECT id_number FROM workers")}
        lines = utf8.read_bytes().decode("utf-8").split("\r\n")
        kept = [ln for ln in lines[1:] if ln and ln.split(",")[3] not in taken][:rows]
        text = "\r\n".join([lines[0], *("B" + ln[1:] for ln in kept)]) + "\r\n"
        gbk.write_bytes(text.encode("gbk"))
    seconds = {}
    for name, target in (("duckdb", duck_path), ("postgresql", url)):
        con = database.connect(target)
        started = time.perf_counter()
        result = importer.import_file(con, "workers", gbk)
        seconds[name] = time.perf_counter() - started
        if result.rows_new != rows:
            raise RuntimeError(result.summary())
        started = time.perf_counter()
        importer.undo(con, result.batch_id)
        seconds[f"{name}_undo"] = time.perf_counter() - started
    database.close(duck_path)
    r = seconds["postgresql"] / seconds["duckdb"]
    return Figure(f"pg_import_{scale}", f"导入 {rows:,} 行花名册（{scale}）：PostgreSQL ÷ DuckDB", r, "×", None, None,
                  {k + "_s": v for k, v in seconds.items()})


# --- page loads under concurrent sessions ----------------------------------------------------------------


async def _sessions(bases: list[str], paths: list[str], loads: int, cookies: list[dict],
                    sessions: int = SESSIONS) -> tuple[list[float], int]:
    """`sessions` browser sessions at once, session i on bases[i % len(bases)] signed in with
    cookies[i], each opening `loads` pages in turn (a fresh tab each, waited until drawn). Returns the
    seconds of every load and the number of loads that took longer than LOAD_TIMEOUT_S (left out of
    the seconds)."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout
    from playwright.async_api import async_playwright

    from pages import DASHBOARD_PAGES

    titles = {p.id: p.title_zh for p in DASHBOARD_PAGES}
    times: list[float] = []
    timeouts = 0
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium.PATH, args=chromium.OFFLINE_ARGS)

        async def session(i: int) -> None:
            nonlocal timeouts
            context = await browser.new_context(viewport={"width": 1440, "height": 1600}, locale="zh-CN")
            await context.add_cookies([cookies[i]])
            base = bases[i % len(bases)]
            for k in range(loads):
                path = paths[(i + k) % len(paths)]
                page = await context.new_page()
                started = time.perf_counter()
                try:
                    await page.goto(f"{base}/{'' if path == 'overview' else path}", timeout=LOAD_TIMEOUT_S * 1000)
                    await page.wait_for_function(benchmark.PAGE_READY_JS, arg=titles[path],
                                                 timeout=LOAD_TIMEOUT_S * 1000, polling=100)
                    times.append(time.perf_counter() - started)
                except PlaywrightTimeout:
                    timeouts += 1
                await page.close()
            await context.close()

        await asyncio.gather(*(session(i) for i in range(sessions)))
        await browser.close()
    return times, timeouts


def page_load_figures(scale: str, duck_path: Path, url: str, loads: int) -> list[Figure]:
    from pages import DASHBOARD_PAGES

    paths = [p.id for p in DASHBOARD_PAGES]
    out = []
    cases = (("duckdb_1", [duck_path]), ("postgresql_1", [url]), ("postgresql_2", [url, url]))
    for case, targets in cases:
        # Every session signed in as its own administrator session (before the app holds a DuckDB file).
        cookies = [app_server.session_cookie(targets[0]) for _ in range(SESSIONS)]
        with contextlib.ExitStack() as stack:
            bases = [stack.enter_context(app_server.running_app(t, timeout_s=120))[0] for t in targets]
            # Warm every process (caches, first runs): one session per process opens every page.
            asyncio.run(_sessions(bases, paths, len(paths), cookies, sessions=len(bases)))
            times, timeouts = asyncio.run(_sessions(bases, paths, loads, cookies))
            if not times:  # every load timed out: the pages never drew (a sign-in page, an error)
                raise RuntimeError(f"{scale} {case}: no page became ready (see the app's log)")
        engine, processes = case.split("_")
        out.append(Figure(f"page_loads_{scale}_{case}",
                          f"{SESSIONS} 个并发会话的页面加载中位数（{scale}，{engine}，{processes} 个进程）",
                          statistics.median(times) if times else None, "s", None, None,
                          {"max_s": max(times, default=None), "loads": len(times), "timeouts": timeouts,
                           "all_s": times}))
    return out


# --- the whole comparison ------------------------------------------------------------------------------


def run(seed: int = 1, pg_url: str | None = None, progress=None, quick: bool = False,
        browser: bool = True) -> list[Figure]:
    progress = progress or (lambda f, m: None)
    scales = ("kuiwen",) if quick else ("kuiwen", "province")
    rounds = 3 if quick else 5
    figures: list[Figure] = []
    with server(pg_url) as database_url:
        for scale in scales:
            duck_path, _, _ = benchmark.dataset(scale, seed, None, progress)
            database.close(duck_path)
            url, copy_s = loaded(duck_path, database_url(f"{scale}_seed{seed}"), progress)
            if copy_s is not None:
                figures.append(Figure(f"pg_load_{scale}", f"把 {scale} 数据集复制进 PostgreSQL", copy_s, "s"))
            duck, pg = database.connect(duck_path), database.connect(url)
            figures += query_figures(scale, duck, pg, rounds)
            database.close(duck_path)
            database.close(url)
            figures.append(import_figure(scale, duck_path, url, 10_000 if quick else 100_000,
                                         benchmark.BENCH_DIR / "import"))
            if browser:
                figures += page_load_figures(scale, duck_path, url, 1 if quick or scale == "province" else 2)
            database.close(duck_path)
            database.close(url)
    return figures


# --- growth: the province at 1×, 4×, 16× ---------------------------------------------------------------


def growth(factors: tuple[int, ...] = (1, 4), seed: int = 1, pg_url: str | None = None, rounds: int = 3,
           progress=None) -> list[dict]:
    """The overview's KPI set (now, a year earlier, the previous period) at multiples of the province:
    on DuckDB; on PostgreSQL for the dataset's default view (stored parts); and on PostgreSQL for
    another date (three months earlier: computed from the rows, as every non-default view is). Both
    engines answer alike before they are timed."""
    from cgw.ingest.generator import build, targets

    progress = progress or (lambda f, m: None)
    table = []
    ids = list(placement.headline())
    with server(pg_url) as database_url:
        for factor in factors:
            path = benchmark.BENCH_DIR / f"province-x{factor}-seed{seed}.duckdb"
            if factor == 1:  # the bench's own province
                path, _, _ = benchmark.dataset("province", seed, None, progress)
            elif not path.exists():
                build.generate(targets.PROVINCE.scaled(factor), path, seed=seed,
                               progress=lambda f, m, x=factor: progress(f, f"生成全省 ×{x}：{m}"))
            database.close(path)
            name = f"province_seed{seed}" if factor == 1 else f"province_x{factor}_seed{seed}"  # ×1: run()'s copy
            url, copy_s = loaded(path, database_url(name), progress)
            duck, pg = database.connect(path), database.connect(url)
            t, earlier = _overview_times(duck, pg, ids, rounds, f"province ×{factor}")
            rows = sum(database.table_counts(duck).values())
            database.close(path)
            database.close(url)
            table.append({"factor": factor, "rows": rows, "copy_s": copy_s, "other_date": str(earlier), **t})
            progress(1.0, f"全省 ×{factor}：{rows:,} 行")
    return table


def _overview_times(duck, pg, ids: list[str], rounds: int, label: str):
    """(median seconds per engine and view, the other date), all four interleaved round by round."""
    from cgw.domain import periods

    default = _default_view(duck)
    earlier = metrics.Filters(default.region_id, periods.month_end(periods.shift_months(default.as_of, -3)))
    for f in (default, earlier):
        _answer_alike(duck, pg, ids, f, label)
    t = interleaved({"duckdb": lambda: metrics.compare(duck, ids, default),
                     "postgresql_parts": lambda: metrics.compare(pg, ids, default),
                     "duckdb_other_date": lambda: metrics.compare(duck, ids, earlier),
                     "postgresql_rows": lambda: metrics.compare(pg, ids, earlier)}, rounds)
    return t, earlier.as_of


def print_growth(table: list[dict]) -> None:
    print(f"\n{'province':10} {'rows':>13} {'DuckDB':>9} {'PG parts':>9} {'DuckDB other date':>18} {'PG rows':>9}")
    for r in table:
        print(f"×{r['factor']:<9} {r['rows']:>13,} {r['duckdb']:>8.2f}s {r['postgresql_parts']:>8.2f}s "
              f"{r['duckdb_other_date']:>17.2f}s {r['postgresql_rows']:>8.2f}s")
