"""A database held by the running app: every command that opens it says so in one line and changes nothing.

The app (tests/support.running_app) is opened in Chromium, so it holds the file read-write. Then
each command runs as its own process against the same file: kpis, quality, import, import
--preview, undo, undo --list, report (HTML and PDF), export and demo (which would build a new
database and put it in place of the held file). Required and asserted: a non-zero exit, exactly
one line on stderr that says the database is in use by another process, no traceback, no output
file, the app still serving; after the app is stopped, every table's fingerprint is unchanged.

Run `pytest tests/test_robust_lock.py -s` to see the figures.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pytest

from cgw.ingest import importer
from cgw.storage import database
from tests import support
from tests.support import robust as robust_support

pytestmark = pytest.mark.browser


def test_every_command_meets_the_held_database_with_one_clear_line(kuiwen_db, browser, tmp_path):
    path = tmp_path / "held.duckdb"
    database.close(kuiwen_db)
    shutil.copy(kuiwen_db, path)
    before = robust_support.file_fingerprints(path)
    wishes = tmp_path / "wishes.csv"
    wishes.write_bytes(importer.template_csv("wishes"))
    out = tmp_path / "out"
    commands = {
        "kpis": ["kpis", "--db", str(path)],
        "quality": ["quality", "--db", str(path)],
        "import": ["import", str(wishes), "--table", "wishes", "--db", str(path), "--quiet"],
        "import --preview": ["import", str(wishes), "--table", "wishes", "--db", str(path), "--preview", "--quiet"],
        "undo": ["undo", "1", "--db", str(path)],
        "undo --list": ["undo", "--list", "--db", str(path)],
        "report html": ["report", "--db", str(path), "--out", str(out / "briefing.html")],
        "report pdf": ["report", "--db", str(path), "--out", str(out / "briefing.pdf")],
        "export": ["export", "--db", str(path), "--out", str(out / "dataset.zip")],
        "demo": ["demo", "--preset", "hongtong", "--seed", "5", "--db", str(path), "--quiet"],
    }
    with support.running_app(path) as url:
        page = support.open_page(browser, url)
        try:
            support.chromium_page_ready(page, "总览")
            with pytest.raises(duckdb.IOException, match="(?i)lock"):  # the app holds the file now
                duckdb.connect(str(path), read_only=True, config=database.CONNECTION_CONFIG)
            with ThreadPoolExecutor(max_workers=2) as pool:
                runs = dict(zip(commands, pool.map(robust_support.run_cli, commands.values())))
            page.reload()
            support.chromium_page_ready(page, "总览")  # the app still serves its data
            metrics_shown = page.locator("[data-testid='stMetric']").count()
        finally:
            page.close()
    after = robust_support.file_fingerprints(path)
    print(f"\n[lock] {len(runs)} commands against the database held by the running app:")
    bad = []
    for name, r in runs.items():
        lines = [line for line in r.stderr.splitlines() if line.strip()]
        ok = (r.returncode != 0 and len(lines) == 1 and "占用" in lines[0] and "Traceback" not in r.stderr
              and not r.stdout.strip())
        print(f"    {name:<16} exit {r.returncode}  {lines[0][:110] if lines else '(no message)'}"
              + ("" if ok else f"   <-- stdout {r.stdout[:80]!r}, {len(lines)} stderr lines"))
        if not ok:
            bad.append(name)
    left = sorted(p.name for p in out.rglob("*")) if out.exists() else []
    changed = sorted(t for t in before if before[t] != after.get(t))
    print(f"[lock] refused with one line: {len(runs) - len(bad)} of {len(runs)}; output files left: {len(left)}; "
          f"tables changed after the app stopped: {len(changed)} of {len(before)} {changed or ''}")
    assert bad == []
    assert left == []
    assert metrics_shown >= 6
    assert after == before
