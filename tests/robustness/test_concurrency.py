"""Concurrency: simulated sessions browse every page while an import, an undo and a demo generation run.

The metric calls are recorded from the pages themselves: each page runs once under AppTest with
the functions cgw/webui/data.py calls (metrics.evaluate / compare / breakdown / trend, metrics.crosstab,
metrics.quality.run) wrapped, so the replay is exactly what the pages ask for. Each call's result
is computed with and without the import batch (N wishes into one community, all fulfilled). Then
8 reader threads replay every page's calls on the one process-wide connection (a cursor per call,
as under Streamlit) while a writer thread imports and undoes the batch in cycles and another thread
generates a demo dataset into a separate named dataset file. Required and asserted: 0 errors, and
every observed result equals its result without the batch or with it, never a mix; in probes of
one evaluate call, the district, street and community totals move together by exactly 0 or N.

Run `pytest tests/test_robust_concurrency.py -s` to see the figures.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import threading
import time
from collections import Counter

import pandas as pd
import pytest

import metrics
import pages
from cgw.ingest import importer
from cgw.ingest.generator import studio, targets
from cgw.storage import database, datasets
from cgw.webui import layout
from metrics import crosstab as crosstab_module
from metrics import engine
from metrics import quality as quality_module
from tests import support

READERS = 8
CYCLES = 4  # import + undo
N = 37  # wishes in the batch: a total is either old or old + 37
PAGES = pages.page_ids()
PROBE = ["wishes_raised", "wishes_claimed", "wishes_fulfilled", "wish_fulfilment_rate"]

CALLS = {
    "evaluate": engine.evaluate,
    "evaluate_at": engine.evaluate_at,  # the pages' cards and histories: several dates in one statement
    "compare": engine.compare,
    "breakdown": engine.breakdown,
    "trend": engine.trend,
    "crosstab": crosstab_module.crosstab,
    "quality": quality_module.run,
}


def record_page_calls(db_path, monkeypatch) -> dict[str, list[tuple[str, tuple, dict]]]:
    """page → the distinct metric calls (function name, arguments after the connection, keywords)."""
    calls: dict[str, list] = {}
    current: list = []

    def wrap(name, fn):
        def recorder(con, *args, **kwargs):
            current.append((name, args, kwargs))
            return fn(con, *args, **kwargs)
        return recorder

    monkeypatch.setattr(metrics, "evaluate", wrap("evaluate", engine.evaluate))
    monkeypatch.setattr(metrics, "compare", wrap("compare", engine.compare))
    monkeypatch.setattr(engine, "evaluate_at", wrap("evaluate_at", CALLS["evaluate_at"]))
    monkeypatch.setattr(metrics, "breakdown", wrap("breakdown", engine.breakdown))
    monkeypatch.setattr(metrics, "trend", wrap("trend", engine.trend))
    monkeypatch.setattr(crosstab_module, "crosstab", wrap("crosstab", crosstab_module.crosstab))
    monkeypatch.setattr(quality_module, "run", wrap("quality", quality_module.run))
    for page in PAGES:
        support.reset_streamlit()  # empty caches: every call the page makes is seen
        current.clear()
        at = support.app_test(db_path, page=page)
        at.session_state[layout.EVERY_SECTION] = True  # every tab's charts, not only the first
        at.run()
        assert not at.exception, (page, at.exception)
        seen = []
        for call in current:
            if call not in seen:
                seen.append(call)
        calls[page] = seen
    monkeypatch.undo()
    support.reset_streamlit()
    return calls


def canonical(result) -> object:
    """A comparable form of a metric result (floats to 9 significant digits)."""
    def num(v):
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return None
        return float(f"{float(v):.9g}")

    if isinstance(result, dict):
        return tuple(sorted((k, num(v)) for k, v in result.items()))
    if isinstance(result, pd.DataFrame):
        return result.to_csv(index=False, float_format="%.9g")
    if isinstance(result, list) and result and isinstance(result[0], engine.Comparison):
        return tuple((c.metric.id, num(c.value), num(c.year_earlier), num(c.previous_period)) for c in result)
    if isinstance(result, list) and result and isinstance(result[0], quality_module.Finding):
        return tuple((f.rule.id, f.count, f.rows.to_csv(index=False)) for f in result)
    if isinstance(result, list):
        return tuple(canonical(r) for r in result)
    return result


def run_call(con, call) -> object:
    name, args, kwargs = call
    return canonical(CALLS[name](con, *args, **kwargs))


def batch_file(con, community: str, as_of: dt.date) -> bytes:
    """N fulfilled wishes in one community, dated before the as-of date, claimed by a partner that
    neither serves the community nor had joined yet: the batch moves the wish totals by N and two
    data-quality rules (partner_not_in_service, partner_outside_community) by N each."""
    claimed = as_of - dt.timedelta(days=60)
    partner = database.query_rows(
        con, "SELECT partner_id FROM partners WHERE joined_on > ? AND partner_id NOT IN "
             "(SELECT partner_id FROM partner_communities WHERE community_id = ?) ORDER BY partner_id LIMIT 1",
        [claimed, community])[0][0]
    spec = importer.spec("wishes")
    out = io.StringIO()
    out.write(",".join(c.header_zh for c in spec.stored_columns) + "\r\n")
    for i in range(N):
        out.write(f"{9_000_000_001 + i},{community},一老,{claimed},{claimed},{as_of - dt.timedelta(days=20)},"
                  f"{partner},已完成\r\n")
    return out.getvalue().encode("utf-8")


@pytest.fixture
def sessions_db(kuiwen_copy, fresh_streamlit, monkeypatch, tmp_path):
    monkeypatch.setenv(datasets.DATASETS_ENV_VAR, str(tmp_path / "datasets"))
    return kuiwen_copy


def test_eight_sessions_browse_every_page_during_import_undo_and_generation(sessions_db, monkeypatch):
    started = time.perf_counter()
    calls = record_page_calls(sessions_db, monkeypatch)
    flat = [c for page in PAGES for c in calls[page]]
    kinds = Counter(c[0] for c in flat)
    assert {"evaluate_at", "breakdown", "crosstab", "quality"} <= set(kinds), kinds
    con = database.connect(sessions_db)
    as_of = database.as_of_date(con)
    community, street, district = database.query_rows(
        con, "SELECT c.region_id, s.region_id, s.parent_id FROM regions c JOIN regions s ON c.parent_id = s.region_id "
             "WHERE c.level = 'community' ORDER BY c.region_id LIMIT 1")[0]
    probe_filters = [metrics.Filters(r, as_of) for r in (district, street, community)]
    data = batch_file(con, community, as_of)

    def probe() -> list[dict]:
        return engine.evaluate_at(con, PROBE, probe_filters)

    # Each call's result without the batch (A) and with it (B); A again after undo: same as before.
    # The quality page's call for the whole district: with the batch, two rules count N rows more.
    quality_call = ("quality", (district, as_of), {})
    a = [run_call(con, c) for c in flat]
    probe_a, quality_a = probe(), run_call(con, quality_call)
    result = importer.import_file(con, "wishes", data, file_name="batch.csv")
    assert result.written and result.rows_new == N, result.summary()
    b = [run_call(con, c) for c in flat]
    probe_b, quality_b = probe(), run_call(con, quality_call)
    importer.undo(con, result.batch_id)
    assert [run_call(con, c) for c in flat] == a
    moved = {f[0]: g[1] - f[1] for f, g in zip(quality_a, quality_b) if f != g}
    assert moved == {"partner_not_in_service": N, "partner_outside_community": N}
    for before, after in zip(probe_a, probe_b):
        assert after["wishes_raised"] - before["wishes_raised"] == N
        assert after["wishes_fulfilled"] - before["wishes_fulfilled"] == N
    changed = sum(x != y for x, y in zip(a, b))
    assert changed >= 5  # the batch shows on the pages, so a mixed read would be visible
    baseline_s = time.perf_counter() - started

    errors: list[str] = []
    mixed: list[str] = []
    seen = Counter()
    reads = Counter()
    stop = threading.Event()
    lock = threading.Lock()

    def reader(k: int) -> None:
        rng = random.Random(k)
        passes = 0
        while passes < 1 or not stop.is_set():
            order = list(range(len(flat)))
            rng.shuffle(order)
            for i in order:
                try:
                    got = run_call(con, flat[i])
                    values = probe()
                except Exception as e:  # noqa: BLE001 - counted and reported
                    with lock:
                        errors.append(f"reader {k}: {flat[i][0]}{flat[i][1][:2]}: {type(e).__name__}: {e}"[:300])
                    continue
                state = "A" if got == a[i] else "B" if got == b[i] else None
                deltas = {(f, m): v[m] - probe_a[j][m] for j, (f, v) in enumerate(zip(probe_filters, values))
                          for m in ("wishes_raised", "wishes_claimed", "wishes_fulfilled")}
                with lock:
                    reads["page calls"] += 1
                    reads["probes"] += 1
                    if a[i] != b[i] and state:
                        seen[state] += 1
                    if state is None:
                        mixed.append(f"{flat[i][0]}{flat[i][1][:2]}: neither without nor with the batch")
                    if len(set(deltas.values())) != 1 or next(iter(deltas.values())) not in (0, N):
                        mixed.append(f"probe: deltas {sorted(set(deltas.values()))}")
                    seen["probe " + ("A" if next(iter(deltas.values())) == 0 else "B")] += 1
            passes += 1
        with lock:
            reads["passes"] += passes

    def quality_session() -> None:
        """The data-quality page: many rules in one call; never some rules before the batch and some after."""
        while not stop.is_set() or not reads["quality"]:
            try:
                got = run_call(con, quality_call)
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors.append(f"quality session: {type(e).__name__}: {e}"[:300])
                continue
            with lock:
                reads["quality"] += 1
                if got not in (quality_a, quality_b):
                    rules = {f[0]: f[1] for f in got if f[1]}
                    mixed.append(f"quality: rule counts {rules} (without the batch none, with it {N} each)")
                else:
                    seen["quality " + ("A" if got == quality_a else "B")] += 1

    done = Counter()

    def writer() -> None:
        try:
            for cycle in range(CYCLES):
                time.sleep(0.4)
                r = importer.import_file(con, "wishes", data, file_name=f"batch_{cycle}.csv")
                assert r.written and r.rows_new == N, r.summary()
                done["imports"] += 1
                time.sleep(0.4)
                importer.undo(con, r.batch_id)
                done["undos"] += 1
        except Exception as e:  # noqa: BLE001
            errors.append(f"writer: {type(e).__name__}: {e}"[:300])

    def generator() -> None:
        try:
            for seed in (1, 2):  # the second replaces the first
                studio.generate("robust-demo", targets.KUIWEN, seed=seed)
                done["generations"] += 1
        except Exception as e:  # noqa: BLE001
            errors.append(f"generator: {type(e).__name__}: {e}"[:300])

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(READERS)]
    others = [threading.Thread(target=writer), threading.Thread(target=generator)]
    threads.append(threading.Thread(target=quality_session))
    load_started = time.perf_counter()
    for t in threads + others:
        t.start()
    for t in others:
        t.join(300)
    stop.set()
    for t in threads:
        t.join(300)
    load_s = time.perf_counter() - load_started
    final = [run_call(con, c) for c in flat]
    demo = database.connect(datasets.path_for("robust-demo"))
    demo_rows = database.table_counts(demo)["workers"]
    database.close(datasets.path_for("robust-demo"))

    print(f"\n[concurrency] recorded {len(flat)} distinct metric calls from {len(PAGES)} pages "
          f"({', '.join(f'{k} {v}' for k, v in kinds.items())}); {changed} of them change with the batch of {N} wishes")
    print(f"[concurrency] {READERS} sessions, {reads['passes']} passes over every page, {reads['page calls']} page calls "
          f"+ {reads['probes']} probes in {load_s:.1f} s, while {done['imports']} imports, {done['undos']} undos and "
          f"{done['generations']} demo generations ran (baseline {baseline_s:.1f} s)")
    print(f"[concurrency] observed without the batch {seen['A']}, with it {seen['B']} (probes {seen['probe A']} / "
          f"{seen['probe B']}, quality page {seen['quality A']} / {seen['quality B']} of {reads['quality']}); errors under load: {len(errors)}; mixed reads: {len(mixed)}")
    for line in (errors + mixed)[:20]:
        print("   ", line)
    assert errors == []
    assert mixed == []
    assert done == Counter(imports=CYCLES, undos=CYCLES, generations=2)
    assert reads["passes"] >= READERS
    assert seen["A"] > 0 and seen["B"] > 0  # the readers really ran while the data changed
    assert final == a  # every batch undone: the pages show exactly what they showed before
    assert demo_rows > 0


def test_the_quality_page_reads_one_snapshot_even_when_an_import_commits_between_its_rules(sessions_db, monkeypatch):
    """metrics.quality.run runs one statement per rule; an import committing after the first rule
    must not show in the later ones (deterministic: the import runs right after the first rule)."""
    con = database.connect(sessions_db)
    as_of = database.as_of_date(con)
    community = database.query_rows(con, "SELECT min(region_id) FROM regions WHERE level = 'community'")[0][0]
    data = batch_file(con, community, as_of)
    before = {f.rule.id: f.count for f in quality_module.run(con)}
    real_finding = quality_module.Finding
    imported = []

    def finding_then_import(*args, **kwargs):  # called once per rule, right after its query
        finding = real_finding(*args, **kwargs)
        if not imported:
            imported.append(importer.import_file(con, "wishes", data, file_name="midway.csv"))
        return finding

    monkeypatch.setattr(quality_module, "Finding", finding_then_import)
    during = {f.rule.id: f.count for f in quality_module.run(con)}
    monkeypatch.undo()
    after = {f.rule.id: f.count for f in quality_module.run(con)}
    assert imported and imported[0].written
    assert during == before  # the whole run saw the database as it was when it started
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {
        "partner_not_in_service": N, "partner_outside_community": N}
