"""The grid filter (metrics/filters.py: $region and $grid; models.render narrows to the rows that name
the grid) on tests/support/fixture_db.py, on DuckDB and on PostgreSQL (schema version 6).

A grid is its community narrowed to the rows that name the grid: workers, issues, wishes, needs,
党员中心户 and what hangs off a worker (trainings, grades, competency, secondments, outcomes).
KPIs whose models do not name grids (population, partners, reserve, supply, …) are empty there
(`Metric.at_grid` is False): 0 for counts and sums, None for the rest.

    G111 东园一网格 (branch)   W01 (40, 书记 一等, T2) W09 (25); I2; X1; N1; H1 H2
    G112 东园二网格 (none)     W02 (35; T4 T7 in 2025 H1); I1; X6; N6; H4
    G121 西园一网格 (branch)   W04 (44, 书记 三等, T3) W07 (left 2025-03-31, T6); I4; X3; N3; H3 (ended)
    东园社区 also has W03 and N2 (no grid); 西园社区 W05 W06 W11 and N5 (no grid).
"""

from __future__ import annotations

import pandas as pd
import pytest

import metrics
from cgw.storage import database
from metrics import catalogue, parts
from tests.support import fixture_db as fx

F = metrics.Filters(fx.DISTRICT, fx.AS_OF)
GRIDS = (fx.G111, fx.G112, fx.G121)

# As of 2025-06-30 in 东园一网格 (G111): W01 and W09 in post, the 2025 H1 period.
G111 = {
    "active_workers": 2,
    "under_40_share": 1 / 2,  # W09 (W01 is exactly 40)
    "average_age": (40 + 25) / 2,
    "college_share": 1.0, "bachelor_share": 1.0,  # both 本科
    "certified_share": 1 / 2,  # W01
    "party_member_share": 1 / 2, "female_share": 1.0, "male_share": 0.0,
    "open_recruits_4y": 1,  # W09 (2024-07-15)
    "open_recruits_period": 0, "hires_period": 0, "exits_period": 0, "exits_12m": 0, "turnover_rate": 0.0,
    "negative_list_exits": 0,
    "secretaries": 1, "secretary_avg_age": 40.0, "new_secretaries_3y": 0, "graded_secretaries": 1,
    "grade_one_share": 1.0, "grade_two_share": 0.0, "grade_three_share": 0.0, "monthly_subsidy": 800,  # W01 一等
    "training_person_times": 1, "training_hours": 32, "trained_workers": 1,  # T2 (W01, 优秀)
    "training_coverage": 1 / 2, "hours_per_worker": 32 / 2, "training_pass_rate": 1.0,
    "training_excellent_rate": 1.0,
    # I2 raised 2025-01-10 at a 联席会议, resolved in 20 days; X1 raised, claimed, fulfilled in 2024
    "issues_raised": 1, "issues_resolved": 1, "issue_resolution_rate": 1.0, "issue_median_days": 20,
    "wishes_raised": 1, "wishes_claimed": 1, "wishes_fulfilled": 1, "wish_fulfilment_rate": 1.0,
    "grids": 1, "grid_party_branches": 1, "grid_branch_coverage": 1.0,
    "party_households": 2, "households_per_party_household": (10 + 20) / 2,  # H1 H2
    "grid_assigned_share": 1.0,
    # N1: raised 2025-02-01, matched in 4 days, met
    "needs_registered": 1, "needs_matched": 1, "needs_met": 1, "need_matching_rate": 1.0, "need_days_to_match": 4,
    "needs_open": 0, "needs_unserved": 0,
    "rotating_deputies": 0,
    "competency_assessed": 1, "competency_score": (90 + 50) / 2, "competency_weak_share": 1 / 2,  # W01 2025
    "workers_on_secondment": 0, "secondments_12m": 0,
    "outcomes_renewed": 1, "outcomes_dismissed": 0, "outcomes_accountability": 0,  # W01 续聘 2024
}


def approx(v):
    return None if v is None else pytest.approx(v, rel=1e-9, abs=1e-9)


@pytest.fixture(scope="module")
def con(metrics_db):
    return database.connect(metrics_db)


def empty_value(m: catalogue.Metric):
    """What a KPI whose models do not name grids gives at a grid: nothing to count."""
    return 0 if m.type in ("count", "sum") else None


def test_the_kpis_that_name_grids():
    assert set(G111) == {m.id for m in catalogue.CATALOGUE if m.at_grid}
    for mid in ("active_workers", "turnover_rate", "grids", "needs_open", "competency_score", "issues_raised"):
        assert catalogue.get(mid).at_grid, mid
    # Population, partners, the reserve pool, supply, the district's training base: kept per community
    # or above; a ratio needs both its parts at the grid.
    for mid in ("resident_population", "workers_per_10k", "partners", "reserve_pool", "supply_items", "studios",
                "salons_held", "teaching_sites", "streets", "assessed_workers", "points_earned",
                "partners_per_community"):
        assert not catalogue.get(mid).at_grid, mid


def test_a_grid_counts_only_the_rows_that_name_it(con):
    got = metrics.evaluate(con, catalogue.ids(), F.in_region(fx.G111))
    for m in catalogue.CATALOGUE:
        want = G111[m.id] if m.at_grid else empty_value(m)
        assert got[m.id] == approx(want), m.id


def test_the_other_grids_by_hand(con):
    ids = ["active_workers", "secretaries", "exits_period", "issues_raised", "wishes_raised", "party_households",
           "grids", "grid_party_branches", "needs_open", "needs_unserved", "training_person_times",
           "competency_assessed", "partners", "resident_population"]
    g112 = metrics.evaluate(con, ids, F.in_region(fx.G112))
    # W02; I1 raised 2024; X6 raised 2025-06-25; H4; no branch; N6 open (SP1 serves 东园); T4 T7; W02 in 2025
    assert g112 == {"active_workers": 1, "secretaries": 0, "exits_period": 0, "issues_raised": 0, "wishes_raised": 1,
                    "party_households": 1, "grids": 1, "grid_party_branches": 0, "needs_open": 1,
                    "needs_unserved": 0, "training_person_times": 2, "competency_assessed": 1, "partners": 0,
                    "resident_population": 0}
    g121 = metrics.evaluate(con, ids, F.in_region(fx.G121))
    # W04 (W07 left 2025-03-31: an exit of the period); I4; X3; H3 ended; N3 matched only in July;
    # T3 (W04) and T6 (W07, before leaving)
    assert g121 == {"active_workers": 1, "secretaries": 1, "exits_period": 1, "issues_raised": 1, "wishes_raised": 1,
                    "party_households": 0, "grids": 1, "grid_party_branches": 1, "needs_open": 1,
                    "needs_unserved": 0, "training_person_times": 2, "competency_assessed": 1, "partners": 0,
                    "resident_population": 0}
    # A year earlier W04 and W07 were both in post there, and H3 was a 党员中心户.
    then = metrics.evaluate(con, ["active_workers", "party_households"], F.in_region(fx.G121).at(fx.YEAR_EARLIER))
    assert then == {"active_workers": 2, "party_households": 1}


def test_a_community_breaks_down_by_grid(con):
    b = metrics.breakdown(con, "active_workers", F.in_region(fx.C11), "region")
    # W01 W09 / W02; W03 (东园, no grid) is in no grid
    assert list(b["key"]) == [fx.G111, fx.G112] and list(b["label"]) == ["东园一网格", "东园二网格"]
    assert list(b["value"]) == [2, 1]
    assert metrics.breakdown(con, "active_workers", F.in_region(fx.C12), "region").set_index("key")["value"].to_dict() \
        == {fx.G121: 1}
    shares = metrics.breakdown(con, "grid_branch_coverage", F.in_region(fx.C11), "region").set_index("key")
    assert shares["value"].to_dict() == {fx.G111: 1.0, fx.G112: 0.0}
    # KPIs kept per community have no grid breakdown; a community without grids has no rows.
    assert metrics.breakdown(con, "partners", F.in_region(fx.C11), "region").empty
    assert metrics.breakdown(con, "workers_per_10k", F.in_region(fx.C11), "region").empty
    assert metrics.breakdown(con, "active_workers", F.in_region(fx.C21), "region").empty
    # A district still breaks down to its communities, never to grids.
    b = metrics.breakdown(con, "active_workers", F, "region", level="community")
    assert set(b["key"]) == {fx.C11, fx.C12, fx.C21, fx.C22}
    g = metrics.breakdown(con, "active_workers", F, "region", level="grid")
    assert g.set_index("key")["value"].to_dict() == {fx.G111: 2, fx.G112: 1, fx.G121: 1}


def test_grid_breakdowns_of_counts_add_up_to_the_rows_that_name_a_grid(con):
    """Each grid's row of a community breakdown is the grid evaluated on its own; the rows without a
    grid are in the community's total only."""
    at_grid = {g: metrics.evaluate(con, catalogue.ids(), F.in_region(g)) for g in GRIDS}
    for m in catalogue.CATALOGUE:
        if not (m.at_grid and "region" in m.dims):
            continue
        for community in (fx.C11, fx.C12):
            b = metrics.breakdown(con, m.id, F.in_region(community), "region").set_index("key")["value"]
            grids = [g for g in GRIDS if g.startswith(community)]
            assert list(b.index) == grids, m.id
            for g in grids:
                v = b[g]
                assert (None if pd.isna(v) else v) == approx(at_grid[g][m.id]), (m.id, g)
            if m.additive:
                total = metrics.evaluate(con, [m.id], F.in_region(community))[m.id]
                assert b.sum() <= total, m.id
    # By hand: 东园 4 in post, 3 of them in a grid (W03 is in none); needs raised in 2025 H1 in 东园:
    # N1 (G111) N2 (no grid) N6 (G112).
    for mid, total, by_grid in (("active_workers", 4, {fx.G111: 2, fx.G112: 1}),
                                ("needs_registered", 3, {fx.G111: 1, fx.G112: 1}),
                                ("issues_raised", 1, {fx.G111: 1, fx.G112: 0}),  # I2; I1 was in 2024
                                ("training_person_times", 3, {fx.G111: 1, fx.G112: 2})):  # T2 / T4 T7
        assert metrics.evaluate(con, [mid], F.in_region(fx.C11))[mid] == total, mid
        assert metrics.breakdown(con, mid, F.in_region(fx.C11), "region").set_index("key")["value"].to_dict() \
            == by_grid, mid


def test_a_grid_on_postgresql_is_computed_from_the_rows_after_a_refresh(pg_server, metrics_fixture_db):
    """The stored parts stop at the community: a grid view falls back to the rows, and still equals DuckDB."""
    url = fx.build(pg_server.create_database("grid_parts"))
    pg = database.connect(url)
    try:
        parts.refresh(pg)
        duck = database.connect(metrics_fixture_db)
        for region in (*GRIDS, fx.C11):
            f = F.in_region(region)
            got = metrics.compare(pg, catalogue.ids(), f)
            want = metrics.compare(duck, catalogue.ids(), f)
            for g, w in zip(got, want):
                for a, b in ((g.value, w.value), (g.year_earlier, w.year_earlier)):
                    assert a == approx(b), (region, g.metric.id)
        assert metrics.evaluate(pg, list(G111), F.in_region(fx.G111)) == {k: approx(v) for k, v in G111.items()}
        # One request for a community and one of its grids: each gets its own figures.
        both = metrics.engine.evaluate_at(pg, ["active_workers"], [F.in_region(fx.C11), F.in_region(fx.G111)])
        assert both == [{"active_workers": 4}, {"active_workers": 2}]
    finally:
        database.close(url)
