"""cgw.ingest.importer.profiles: saved by name per table, reused, checked, and found for a file whose
headers they name."""

from __future__ import annotations

import pytest

from cgw.ingest import importer
from cgw.ingest.importer import profiles
from cgw.storage import database

M = importer.Mapping({"工作单位": "community_id", "备注": ""}, {"education": {"本科+": "本科"}})


@pytest.fixture
def con(import_any):
    """A DuckDB file, then a PostgreSQL store (server mode)."""
    return database.connect(import_any)


def test_save_load_replace_list_and_delete(con):
    profiles.save(con, " 大虞街道花名册 ", "workers", M)
    assert profiles.load(con, "大虞街道花名册", "workers") == M
    profiles.save(con, "大虞街道花名册", "workers", importer.Mapping({"工作单位": "community_id"}))
    assert profiles.load(con, "大虞街道花名册", "workers").columns == {"工作单位": "community_id"}
    profiles.save(con, "梨园", "workers", M)
    assert set(profiles.names(con, "workers")) == {"大虞街道花名册", "梨园"} and profiles.names(con, "trainings") == []
    profiles.delete(con, "梨园", "workers")
    assert profiles.names(con, "workers") == ["大虞街道花名册"]
    with pytest.raises(importer.ImportFailed, match="没有名为「梨园」的「社区工作者」导入方案"):
        profiles.load(con, "梨园", "workers")


def test_a_mapping_naming_what_the_table_lacks_is_refused(con):
    with pytest.raises(importer.ImportFailed, match="没有这一项"):
        profiles.save(con, "x", "workers", importer.Mapping({"a": "nonsense"}))
    with pytest.raises(importer.ImportFailed, match="不是可选的值"):
        profiles.save(con, "x", "workers", importer.Mapping(values={"education": {"a": "博士后"}}))
    with pytest.raises(importer.ImportFailed, match="请给导入方案起个名字"):
        profiles.save(con, "  ", "workers", M)


def test_the_profile_that_fits_a_files_headers_is_found(con):
    profiles.save(con, "大虞", "workers", importer.Mapping({"工作单位": "community_id", "参加社区工作时间": "hire_date",
                                                            "姓名": "name"}))
    profiles.save(con, "梨园", "workers", importer.Mapping({"单位": "community_id", "到岗": "hire_date"}))
    assert profiles.best_for(con, "workers", ["姓名", "身份证号", "工作单位", "参加社区工作时间"]) == "大虞"
    assert profiles.best_for(con, "workers", ["姓名", "身份证号"]) is None
    profiles.save(con, "一列", "workers", importer.Mapping({"单位名称": "community_id"}))
    assert profiles.best_for(con, "workers", ["姓名", "单位名称"]) == "一列"


def test_json_round_trip_and_overlay():
    assert importer.Mapping.from_json(M.to_json()) == M
    page = importer.Mapping({"备注": "name"}, {"education": {"大学": "本科"}})
    both = M.overlaid(page)
    assert both.columns == {"工作单位": "community_id", "备注": "name"}
    assert both.values == {"education": {"本科+": "本科", "大学": "本科"}}
