"""Access where the data are read: the region tree a session sees is its account's subtree, every
figure outside it is refused, nobody signed in sees nothing, data quality needs its permission
and hides the district-wide rule below the district, named datasets are for presenters.

Run in Streamlit's bare mode (no script run): the session state holds the signed-in account as
cgw.webui.auth puts it there."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import streamlit as st

import metrics
from cgw.domain import access
from cgw.storage import accounts, database
from cgw.webui import data
from tests import support
from tests.support import accounts as test_accounts

STREETS = [f"3707050{i:02d}" for i in range(1, 9)]


@pytest.fixture
def as_user(kuiwen_db, monkeypatch, tmp_path):
    monkeypatch.setenv("CGW_DATASETS_DIR", str(tmp_path / "datasets"))
    support.reset_streamlit()
    data.configure(kuiwen_db)

    def sign_in(name: str | None) -> None:
        st.session_state.clear()
        if name is not None:
            st.session_state[data.ACCOUNT_KEY] = accounts.get(database.connect(kuiwen_db), name)

    yield sign_in
    st.session_state.clear()
    support.reset_streamlit()


def as_of(kuiwen_db) -> dt.date:
    return database.as_of_date(database.connect(kuiwen_db))


@pytest.mark.parametrize("level", ["district", "street", "community"])
def test_the_tree_is_the_accounts_subtree(as_user, level, kuiwen_db):
    scope = test_accounts.SCOPES[level]
    as_user(f"viewer_{level}")
    tree = data.tree()
    assert data.root_region() == scope and data.path(scope) == [(scope, tree.name(scope))]
    assert all(r.startswith(scope) for r in tree.by_id)
    # The scope's regions down to its grids (网格): a community account opens its grids too.
    levels = dict(database.query_rows(database.connect(kuiwen_db), "SELECT level::VARCHAR, count(*) FROM regions "
                                      "WHERE starts_with(region_id, ?) GROUP BY 1", [scope]))
    assert levels.pop("grid") > 0
    assert levels == {"district": {"district": 1, "street": 8, "community": 65}, "street": {"street": 1, "community": 8},
                      "community": {"community": 1}}[level]
    assert len(tree) == sum(1 for _ in database.query_rows(database.connect(kuiwen_db), "SELECT region_id FROM regions "
                                                           "WHERE starts_with(region_id, ?)", [scope]))
    grids = [r for r in tree.by_id.values() if r.level == "grid"]
    assert grids and all(data.region_exists(g.region_id) for g in grids)
    outside = [s for s in STREETS if not s.startswith(scope) and not scope.startswith(s)]
    assert all(not data.region_exists(s) for s in outside)
    day = as_of(kuiwen_db)
    assert data.evaluate(["active_workers"], metrics.Filters(scope, day))["active_workers"] > 0
    for region in outside + ([] if level == "district" else ["370705"]):
        for read in (lambda f: data.evaluate(["active_workers"], f), lambda f: data.breakdown("active_workers", f, "region"),
                     lambda f: data.compare(["active_workers"], f), lambda f: data.trend("active_workers", f),
                     lambda f: data.crosstab_df("active_workers", f, "gender", "education")):
            with pytest.raises(access.AccessDenied, match="不在当前账号的管辖范围内"):
                read(metrics.Filters(region, day))


def test_nobody_signed_in_sees_nothing(as_user, kuiwen_db):
    as_user(None)
    assert data.root_region() is None and len(data.tree()) == 0
    with pytest.raises(access.AccessDenied, match="没有“查看看板”权限"):
        data.evaluate(["active_workers"], metrics.Filters("370705", as_of(kuiwen_db)))


def test_an_auditor_reads_no_figures(as_user, kuiwen_db):
    as_user("auditor_district")
    with pytest.raises(access.AccessDenied, match="查看看板"):
        data.evaluate(["active_workers"], metrics.Filters("370705", as_of(kuiwen_db)))


def test_quality_needs_its_permission_and_hides_the_district_rule_below_the_district(as_user, kuiwen_db):
    day = as_of(kuiwen_db)
    as_user("viewer_district")
    with pytest.raises(access.AccessDenied, match="数据质量"):
        data.quality_findings("370705", day)
    as_user("analyst_district")
    district = {f.rule.id for f in data.quality_findings("370705", day)}
    as_user("analyst_street")
    street = {f.rule.id for f in data.quality_findings(test_accounts.STREET, day)}
    assert district - street == {"grade_ratio_off"}
    with pytest.raises(access.AccessDenied):
        data.quality_findings("370705001", day)


def test_named_datasets_are_for_presenters_and_administrators(as_user, kuiwen_db, hongtong_db, tmp_path):
    folder = tmp_path / "datasets"
    folder.mkdir()
    database.close(hongtong_db)
    shutil.copy(hongtong_db, folder / "洪洞演示.duckdb")
    for name, expected in [("viewer_street", kuiwen_db), ("analyst_district", kuiwen_db),
                           ("presenter_street", folder / "洪洞演示.duckdb"), ("admin", folder / "洪洞演示.duckdb")]:
        as_user(name)
        st.session_state["dataset"] = "洪洞演示"
        assert data.db_path() == expected.resolve(), name
    # 洪洞 is another county and purely generated: a street presenter sees all of it (nobody real is
    # in it); on the live data she sees her street.
    as_user("presenter_street")
    st.session_state["dataset"] = "洪洞演示"
    assert data.root_region() == "141024" and data.scope_region() is None
    st.session_state["dataset"] = "default"
    assert data.root_region() == test_accounts.STREET and data.scope_region() == test_accounts.STREET
    database.close(folder / "洪洞演示.duckdb")
