"""metrics.regions: the tree of the hand-made fixture, name resolution and the view's filters."""

from __future__ import annotations

import datetime as dt

import pytest

from cgw.storage import database
from metrics import regions
from tests.support import fixture_db as fx


def test_tree_lookup_children_and_path(metrics_fixture_db):
    tree = regions.tree(database.connect(metrics_fixture_db))
    assert len(tree) == 7 + 3  # and the three grids (schema version 6)
    assert tree.root().region_id == fx.DISTRICT
    assert [r.name for r in tree.children(fx.S1)] == ["东园社区", "西园社区"]
    assert [r.region_id for r in tree.children(fx.C11)] == [fx.G111, fx.G112]
    assert tree.children(fx.C22) == [] and tree.children(fx.G111) == []
    assert [r.region_id for r in tree.path(fx.G121)] == [fx.DISTRICT, fx.S1, fx.C12, fx.G121]
    assert [r.region_id for r in tree.path(fx.C22)] == [fx.DISTRICT, fx.S2, fx.C22]
    assert tree.path("999") == []
    assert tree.name(fx.S2) == "新街道" and tree.name("999") == "999"


def test_resolve_by_code_or_unique_name(metrics_fixture_db):
    tree = regions.tree(database.connect(metrics_fixture_db))
    assert tree.resolve(" 东街道 ").region_id == fx.S1
    assert tree.resolve(fx.C12).name == "西园社区"
    assert tree.resolve("不存在") is None


def test_view_defaults_and_errors(metrics_fixture_db):
    con = database.connect(metrics_fixture_db)
    region, filters = regions.view(con, None)
    assert (region.region_id, filters.as_of, filters.grain) == (fx.DISTRICT, fx.AS_OF, "year")
    region, filters = regions.view(con, "新区社区", dt.date(2025, 3, 31), "quarter")
    assert (filters.region_id, filters.as_of, filters.grain) == (fx.C21, dt.date(2025, 3, 31), "quarter")
    with pytest.raises(ValueError, match="找不到区划"):
        regions.view(con, "370799009")


def test_level_from_code_length():
    assert [regions.level_of(c) for c in ("37", "3707", "370705", "370705001", "370705001001",
                                                 "370705001001001")] == [
        "province", "city", "district", "street", "community", "grid"]
    assert regions.level_of("37070") is None and regions.level_of("abc") is None
