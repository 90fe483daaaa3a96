"""Crash safety: `python cli.py import` of a 200,000-row roster is killed with SIGKILL at random moments.

Kill moments are drawn (fixed seed) from three windows: any time after start (reading, transcoding,
validating), while writing (after the "写入数据库" progress line), and while closing (after the
"完成" line: committed, the file being checkpointed). Two imports run at a time, each on its own
copy of a database holding the regions. After each kill the database must open, hold either the
whole batch or none of it, and the import log, the data version and the regions must agree with
that. Run `pytest tests/test_robust_crash.py -s` to see the figures.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cgw.storage import database
from devtools import import_bench as bench
from tests.support import robust as robust_support

ROWS = 200_000
KILLS = 10
MAX_RUNS = 22
SEED = 7


@pytest.fixture(scope="module")
def crash_setup(kuiwen_db, tmp_path_factory):
    """A database with the kuiwen regions only, and a GBK roster of ROWS new workers for it."""
    folder = tmp_path_factory.mktemp("crash")
    src = database.connect(kuiwen_db)
    regions = database.query_df(src, "SELECT * FROM regions")
    base = folder / "regions.duckdb"
    communities = bench.regions_database(regions, base)
    roster = folder / "roster_gbk.csv"
    bench.write_roster(roster, folder / "roster_utf8.csv", ROWS, communities)
    return base, roster


def _state(path: Path) -> dict:
    """Open the database as the app would (schema check included) and read what matters."""
    con = database.open_database(path)
    try:
        rows = database.query_rows(con, "SELECT count(*) FROM workers")[0][0]
        batches = database.query_rows(
            con, "SELECT table_name, rows_new, rows_rejected, status::VARCHAR FROM import_batches ORDER BY batch_id")
        version = database.dataset_info(con).get("data_version", "0")
        regions = robust_support.fingerprints(con)["regions"]
        con.cursor().execute("CHECKPOINT")  # and it can be written
    finally:
        con.close()
    return {"rows": rows, "batches": batches, "version": version, "regions": regions}


def _run_and_kill(index: int, base: Path, roster: Path, folder: Path, mode: str, delay: float) -> dict:
    path = folder / f"kill_{index}.duckdb"
    shutil.copy(base, path)
    proc = subprocess.Popen(
        [sys.executable, str(robust_support.ROOT / "cli.py"), "import", str(roster), "--table", "workers", "--db", str(path)],
        cwd=robust_support.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={k: v for k, v in os.environ.items() if k != "CGW_DEBUG"},
    )  # fmt: skip
    started = time.perf_counter()
    phases: list[str] = []
    events = {"写入": threading.Event(), "完成": threading.Event()}
    seen_at: dict[str, float] = {}

    def follow() -> None:  # progress lines come on stderr, one per step
        for line in proc.stderr:
            phases.append(line.strip().split("% ", 1)[-1])
            for key, ev in events.items():
                if key in line:
                    seen_at[key] = time.perf_counter() - started
                    ev.set()

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    if mode == "never":
        deadline = started + 600
    elif mode == "any time":
        deadline = started + delay
    else:
        events["写入" if mode == "while writing" else "完成"].wait(60)
        deadline = time.perf_counter() + delay
    while time.perf_counter() < deadline and proc.poll() is None:
        time.sleep(0.01)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    reader.join(5)
    at = time.perf_counter() - started
    wal = Path(str(path) + ".wal")
    had_wal = wal.exists() and wal.stat().st_size > 0
    state = _state(path)
    return {"index": index, "mode": mode, "killed": killed, "at": at, "phase": phases[-1] if phases else "starting",
            "returncode": proc.returncode, "wal": had_wal, "path": path, "seen_at": seen_at, **state}


def test_sigkill_at_random_moments_leaves_all_or_nothing(crash_setup, tmp_path):
    base, roster = crash_setup
    base_state = _state(base)
    # One import runs to the end: it loads every row, and its timings place the kill windows.
    control = _run_and_kill(0, base, roster, tmp_path, "never", 0)
    total, writing = control["at"], control["seen_at"]["完成"] - control["seen_at"]["写入"]
    rng = random.Random(SEED)
    plan = []
    for i in range(1, MAX_RUNS + 1):
        mode = ["any time", "while writing", "any time", "while writing", "while closing"][i % 5]
        delay = {"any time": rng.uniform(0.25, 1.0) * total, "while writing": rng.uniform(0.0, 1.2) * writing,
                 "while closing": rng.uniform(0.0, 0.05)}[mode]
        plan.append((i, mode, delay))
    results = [control]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pending = list(plan)
        def enough() -> bool:  # KILLS kills, and at least one of them after the commit
            kills = [r for r in results if r["killed"]]
            return len(kills) >= KILLS and any(r["rows"] == ROWS for r in kills)

        while pending and not enough():
            batch, pending = pending[:2], pending[2:]
            results += list(pool.map(lambda p: _run_and_kill(p[0], base, roster, tmp_path, p[1], p[2]), batch))
    failures = []
    for r in results:
        whole = r["rows"] == ROWS and r["batches"] == [("workers", ROWS, 0, "已导入")] \
            and int(r["version"]) == int(base_state["version"]) + 1
        none = r["rows"] == 0 and r["batches"] == [] and r["version"] == base_state["version"]
        if not (whole or none) or r["regions"] != base_state["regions"]:
            failures.append(r)
        r["outcome"] = "whole batch" if whole else "none" if none else "INCONSISTENT"
        if not r["killed"] and not whole:
            failures.append(r)
        r["path"].unlink(missing_ok=True)
    kills = [r for r in results if r["killed"]]
    outcomes = Counter(r["outcome"] for r in kills)
    print(f"\n[crash] control import: {total:.1f} s, of which writing {writing:.2f} s")
    print(f"[crash] {len(results)} imports of {ROWS:,} rows started, {len(kills)} killed with SIGKILL "
          f"({len(results) - len(kills)} finished first); kills survived: {sum(r['outcome'] != 'INCONSISTENT' for r in kills)} "
          f"of {len(kills)}; outcomes: " + ", ".join(f"{k} {v}" for k, v in outcomes.items())
          + f"; WAL left behind and replayed on open: {sum(r['wal'] for r in kills)}")
    for r in results:
        print(f"    run {r['index']:2d} {r['mode']:<14} {'killed' if r['killed'] else 'finished'} at {r['at']:5.2f} s "
              f"in «{r['phase'][:24]}» → {r['outcome']} (workers {r['rows']:,}, batches {len(r['batches'])})")
    assert failures == []
    assert not control["killed"] and control["outcome"] == "whole batch"
    assert len(kills) >= KILLS
    assert outcomes["none"] >= 1 and outcomes["whole batch"] >= 1  # both sides of the commit were hit
    assert len({r["phase"] for r in kills}) >= 3  # kills landed in different stages of the import
