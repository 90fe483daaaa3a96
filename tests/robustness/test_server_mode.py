"""Server mode: two dashboard processes and a command-line import share one PostgreSQL.

Both processes serve the same store while `cli.py import` loads a batch of wishes and `cli.py undo`
takes it back. Every page load meanwhile shows the total before or after the batch, never an
error; once the import has finished, both processes show the new total (their caches are keyed by
the data version read from the store), and after the undo both show the old one again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time

import pytest

from cgw.ingest import importer
from cgw.storage import database
from metrics import catalogue
from tests import support

N = 45  # wishes in the batch
LABEL = "累计完成微心愿"
VALUES_JS = """() => Object.fromEntries([...document.querySelectorAll('[data-testid="stMetric"]')].map(m => [
  m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
  m.querySelector('[data-testid="stMetricValue"]').innerText.trim()]))"""


def wishes_file(con, path) -> None:
    """N wishes raised, claimed and fulfilled before the as-of date, in the first community."""
    as_of = database.as_of_date(con)
    community = database.query_rows(con, "SELECT min(region_id) FROM regions WHERE level = 'community'")[0][0]
    start = database.query_rows(con, "SELECT max(wish_id) FROM wishes")[0][0] + 1
    day = as_of - dt.timedelta(days=30)
    values = {"编号": None, "所属社区": community, "心愿类别": "一老", "提出日期": day, "认领日期": day, "完成日期": day,
              "状态": "已完成"}
    headers = importer.spec("wishes").headers_zh()
    rows = [",".join(headers)]
    rows += [",".join(str(start + i) if h == "编号" else str(values.get(h) or "") for h in headers) for i in range(N)]
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")


def shown(page, base: str) -> int:
    """The overview's 累计完成微心愿 card, freshly loaded."""
    page.goto(base + "/")
    support.wait_for_app(page, timeout_ms=60_000)
    page.wait_for_function(f"() => ({VALUES_JS})()[{LABEL!r}] !== undefined", timeout=60_000)
    text = page.evaluate(VALUES_JS)[LABEL]
    assert not page.query_selector_all("[data-testid='stException']")
    return int(re.sub(r"\D", "", text))


def cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "cli.py", *args], cwd=support.ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_app_processes_and_a_cli_import_share_one_postgresql(kuiwen_db, pg_copy_of, browser, tmp_path):
    url = pg_copy_of(kuiwen_db, "shared")
    con = database.connect(url)
    before = int(database.query_rows(con, "SELECT count(*) FROM wishes WHERE fulfilled_on <= ?",
                                     [database.as_of_date(con)])[0][0])
    batch = tmp_path / "心愿.csv"
    wishes_file(con, batch)
    with support.running_app(url) as a, support.running_app(url) as b:
        pages = {base: support.new_context(browser, base, viewport={"width": 1440, "height": 2000}).new_page()
                 for base in (a, b)}  # signed in as the standard administrator
        assert [shown(p, base) for base, p in pages.items()] == [before, before]

        # The import runs while both processes serve; every page load shows one total or the other.
        proc = cli("import", "--table", "wishes", "--db", url, str(batch), "--quiet")
        during = []
        while proc.poll() is None or not during:
            during += [shown(p, base) for base, p in pages.items()]
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "新增 45 行" in out
        assert set(during) <= {before, before + N}, during
        assert [shown(p, base) for base, p in pages.items()] == [before + N, before + N]

        batch_id = int(importer.batches(database.connect(url))["batch_id"].iloc[0])
        undo = cli("undo", "--db", url, str(batch_id))
        out, err = undo.communicate(timeout=120)
        assert undo.returncode == 0, err
        started = time.perf_counter()
        assert [shown(p, base) for base, p in pages.items()] == [before, before]
        assert time.perf_counter() - started < 60
        for p in pages.values():
            p.context.close()
    # The command line reads the same catalogue values from both engines (the KPI parts stored by the
    # import and the undo included).
    kpis = [subprocess.run([sys.executable, "cli.py", "kpis", "--db", str(target), "--format", "json"],
                           cwd=support.ROOT, capture_output=True, text=True, timeout=300) for target in (url, kuiwen_db)]
    assert [k.returncode for k in kpis] == [0, 0], kpis[0].stderr
    on_pg, on_duckdb = (json.loads(k.stdout) for k in kpis)
    assert len(on_pg) == len(catalogue.ids())
    for a, b in zip(on_pg, on_duckdb):
        for key in ("value", "value_year_earlier", "change"):
            assert a[key] == (None if b[key] is None else pytest.approx(b[key], rel=1e-12, abs=1e-12)), (a["id"], key)
