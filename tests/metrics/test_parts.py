"""Per-community partial aggregates (server mode): after `refresh`, every KPI for every region and
period of the default view equals the value computed from the rows (on DuckDB, by the hand-checked
catalogue suite), and a change of data makes the stored parts stale at once."""

from __future__ import annotations

import pytest

import metrics
from cgw.storage import backends, database
from metrics import catalogue, parts
from tests.support import fixture_db as fx

# …and the grids, which the parts do not cover: their figures come from the rows.
REGIONS = (fx.DISTRICT, fx.S1, fx.S2, fx.C11, fx.C12, fx.C21, fx.C22, "3707", "37", "", fx.G111, fx.G112, fx.G121)


@pytest.fixture(scope="module")
def refreshed(pg_server):
    url = fx.build(pg_server.create_database("parts"))
    con = database.connect(url)
    parts.refresh(con)
    yield con
    database.close(url)


def test_additive_metrics_are_the_ones_that_add_up_over_communities():
    assert parts.additive(catalogue.get("active_workers")) and parts.additive(catalogue.get("under_40_share"))
    assert parts.additive(catalogue.get("secretary_avg_age"))  # a sum and a count
    assert parts.additive(catalogue.get("trained_workers"))  # a worker's trainings are in one community
    assert not parts.additive(catalogue.get("partners"))  # a partner may serve several communities
    assert not parts.additive(catalogue.get("issue_median_days"))
    assert not parts.additive(catalogue.get("partner_score"))  # evaluations have no region column
    assert not parts.additive(catalogue.get("workers_per_10k"))  # a ratio: its parts are


def test_the_default_view_is_stored_and_answered_from_the_parts(refreshed, metrics_fixture_db):
    duck = database.connect(metrics_fixture_db)
    version = database.data_version(refreshed)
    cur = refreshed.cursor()
    try:
        for f in (metrics.Filters("", fx.AS_OF), metrics.Filters("", fx.YEAR_EARLIER)):
            assert backends.parts_done(cur, version, f.as_of, "year") == set(parts._by_model())
    finally:
        cur.close()
    for region in REGIONS:
        f = metrics.Filters(region, fx.AS_OF)
        got = metrics.compare(refreshed, catalogue.ids(), f)
        want = metrics.compare(duck, catalogue.ids(), f)
        for g, w in zip(got, want):
            for a, b in ((g.value, w.value), (g.year_earlier, w.year_earlier), (g.previous_period, w.previous_period)):
                assert a == pytest.approx(b, rel=1e-12, abs=1e-12), (region, g.metric.id)


def test_a_hand_computed_value_from_the_parts(refreshed):
    # As of 2025-06-30: 9 active workers, 6 under 40, secretaries aged 40, 44, 36 (tests/metrics/test_catalogue.py).
    v = metrics.evaluate(refreshed, ["active_workers", "under_40_share", "secretary_avg_age", "trained_workers"],
                         metrics.Filters(fx.DISTRICT, fx.AS_OF))
    assert v == {"active_workers": 9, "under_40_share": 6 / 9, "secretary_avg_age": 40.0, "trained_workers": 5}
    # 东街道 (东园 and 西园): W01 W02 W03 W09 and W04 W05 W06 W11 in post; under 40: W02 35, W09 25,
    # W05 27, W06 29, W11 32.
    street = metrics.evaluate(refreshed, ["active_workers", "under_40_share"], metrics.Filters(fx.S1, fx.AS_OF))
    assert street == {"active_workers": 8, "under_40_share": 5 / 8}


def test_a_change_of_data_makes_the_parts_stale(pg_server):
    url = fx.build(pg_server.create_database("parts_stale"))
    con = database.connect(url)
    try:
        parts.refresh(con)
        f = metrics.Filters(fx.DISTRICT, fx.AS_OF)
        assert metrics.evaluate(con, ["active_workers"], f)["active_workers"] == 9
        with database.transaction(con) as cur:
            cur.execute("UPDATE workers SET exit_date = NULL, exit_reason = NULL, status = '在岗' WHERE worker_id = 'W07'")
            database.bump_data_version(cur)
        assert metrics.evaluate(con, ["active_workers"], f)["active_workers"] == 10  # from the rows
        parts.refresh(con)
        assert metrics.evaluate(con, ["active_workers"], f)["active_workers"] == 10  # from the new parts
        assert database.query_rows(con, "SELECT count(DISTINCT version) FROM kpi_parts")[0][0] == 1
    finally:
        database.close(url)


def test_every_kpi_is_identical_on_both_engines_for_the_kuiwen_preset(kuiwen_db, kuiwen_pg):
    """Every KPI of the catalogue, now, a year earlier and the previous period, for the district and each
    street: the same number on DuckDB, on PostgreSQL from the rows, and from the stored parts."""
    duck, pg = database.connect(kuiwen_db), database.connect(kuiwen_pg)
    root = metrics.regions.tree(duck).root()
    views = [metrics.Filters(r.region_id, database.as_of_date(duck))
             for r in [root, *metrics.regions.tree(duck).children(root.region_id)]]

    def values(con):
        return [(c.metric.id, c.value, c.year_earlier, c.previous_period)
                for f in views for c in metrics.compare(con, catalogue.ids(), f)]

    want = values(duck)
    assert values(pg) == want  # from the rows: identical
    parts.refresh(pg)
    stored = values(pg)
    for (mid, *a), (_, *b) in zip(stored, want):
        # Sums of parts are exact; an average's last bit may differ (a sum divided in Python, not in SQL).
        assert a == [None if x is None else pytest.approx(x, rel=1e-13) for x in b], mid
