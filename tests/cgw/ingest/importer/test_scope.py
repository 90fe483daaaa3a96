"""Region scope at the load step: an account bound to 大虞街道 (370705001) may add or change rows of
its own communities only. The importer corpus database (tests/support/import_corpus.py) has two
streets: 大虞街道 (幸福社区 C1, 和平社区 C2; workers W0000001 and W0000002) and 梨园街道 (幸福社区 C3,
光明社区 C4; worker W0000003); partner P000001 serves C1."""

from __future__ import annotations

import pytest

from cgw.ingest import importer
from cgw.storage import database
from tests.support import import_corpus as corpus
from tests.support.import_corpus import C1, C2, C3, C4, ID1, ID3, N1, N2, N3, ROSTER_HEAD, csv_bytes, roster_row

STREET = "370705001"
OUTSIDE = "超出当前账号的管辖范围"


@pytest.fixture
def con(import_any):
    """A DuckDB file, then a PostgreSQL store (server mode)."""
    return database.connect(import_any)


def problems_by_line(result) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for r in result.problems.itertuples(index=False):
        out.setdefault(int(r.line), []).append((r.column, r.reason))
    return out


def roster() -> bytes:
    return csv_bytes([
        ROSTER_HEAD,
        roster_row(1, "赵一", "男", N1, "1988-03-05", comm="和平社区"),  # C2, inside
        roster_row(2, "钱二", "女", N2, "1992-01-14", comm="光明社区"),  # C4, the other street
        roster_row(3, "孙三", "男", N3, "1979-08-30", comm=C1),  # inside, by code
    ])  # fmt: skip


def test_new_rows_outside_the_scope_are_rejected_and_the_rest_load(con):
    result = importer.import_file(con, "workers", roster(), file_name="花名册.csv", accept_valid=True, scope=STREET)
    assert result.written and (result.rows_new, result.rows_rejected) == (2, 1)
    rejected = problems_by_line(result)
    assert list(rejected) == [3]  # the spreadsheet row of 钱二 (header on row 1)
    assert rejected[3][0][0] == "社区名称" and OUTSIDE in rejected[3][0][1] and STREET in rejected[3][0][1]
    rows = database.query_rows(con, "SELECT name, community_id FROM workers WHERE name IN ('赵一', '钱二', '孙三') "
                                    "ORDER BY name")
    assert rows == [("孙三", C1), ("赵一", C2)]


def test_without_a_scope_the_same_file_loads_every_row(con):
    result = importer.import_file(con, "workers", roster(), file_name="花名册.csv")
    assert result.written and (result.rows_new, result.rows_rejected) == (3, 0)


def worker_moved(con, worker_id: str, community: str) -> bytes:
    """The worker's stored row, as the template's columns, with another community."""
    spec = importer.spec("workers")
    row = database.query_df(con, "SELECT * FROM workers WHERE worker_id = ?", [worker_id]).iloc[0]
    cols = [c for c in spec.stored_columns]
    values = [community if c.name == "community_id" else row[c.name] for c in cols]
    return csv_bytes([[c.header_zh for c in cols], ["" if v is None or str(v) in ("None", "NaT", "nan") else str(v)
                                                     for v in values]])


def test_a_row_of_another_street_cannot_be_changed_or_moved_in(con):
    before = corpus.snapshot(con)
    # W0000003 lives in 梨园街道 (C3): moving her into 和平社区 changes a row outside the scope.
    result = importer.import_file(con, "workers", worker_moved(con, "W0000003", C2), file_name="调动.csv",
                                  mode="upsert", scope=STREET)
    assert not result.written and result.rows_rejected == 1
    assert OUTSIDE in problems_by_line(result)[2][0][1]
    # And 梨园 cannot move 大虞's W0000001 to 光明社区.
    result = importer.import_file(con, "workers", worker_moved(con, "W0000001", C4), file_name="调动.csv",
                                  mode="upsert", scope="370705002")
    assert not result.written and result.rows_rejected == 1
    assert corpus.same_snapshot(before, corpus.snapshot(con))
    # The control: within its own street the same move is an update.
    result = importer.preview(con, "workers", worker_moved(con, "W0000001", C2), file_name="调动.csv", mode="upsert",
                              scope=STREET)
    assert (result.rows_updated, result.rows_rejected) == (1, 0)


def test_records_of_a_worker_follow_the_workers_community(con):
    certs = csv_bytes([["姓名", "身份证号", "证书等级", "取证日期"],
                       ["张伟", ID1, "中级", "2020-06-01"],  # W0000001, 大虞
                       ["王芳", ID3, "初级", "2019-05-01"]])  # W0000003, 梨园
    result = importer.preview(con, "certificates", certs, file_name="证书.csv", scope=STREET)
    assert (result.rows_new, result.rows_rejected) == (1, 1)
    assert problems_by_line(result)[3][0][0] == "身份证号" and OUTSIDE in problems_by_line(result)[3][0][1]


def test_a_partner_serving_another_street_is_outside_a_street_scope(con):
    rename = csv_bytes([["合伙人编号", "名称", "类型", "细分类型", "加入日期"],
                        ["P000001", "幸福里爱心超市（新址）", "市场主体", "爱心商铺", "2024-03-01"]])
    inside = importer.preview(con, "partners", rename, file_name="合伙人.csv", mode="upsert", scope=STREET)
    assert (inside.rows_updated, inside.rows_rejected) == (1, 0)
    outside = importer.preview(con, "partners", rename, file_name="合伙人.csv", mode="upsert", scope="370705002")
    assert (outside.rows_updated, outside.rows_rejected) == (0, 1)


def test_regions_and_population_outside_are_rejected(con):
    pop = csv_bytes([["社区", "年度", "常住人口", "户数"], [C2, "2025", "4100", "1500"], [C3, "2025", "3100", "1200"]])
    result = importer.preview(con, "region_population", pop, file_name="人口.csv", scope=STREET)
    assert (result.rows_new, result.rows_rejected) == (1, 1) and list(problems_by_line(result)) == [3]


def test_replace_is_refused_for_a_scoped_account(con):
    before = corpus.snapshot(con)
    with pytest.raises(importer.ImportFailed, match="不能使用“替换”模式"):
        importer.import_file(con, "workers", roster(), file_name="花名册.csv", mode="replace", scope=STREET)
    assert corpus.same_snapshot(before, corpus.snapshot(con))


# --- schema version 6: every new table's region columns ------------------------------------------------

# One file per table: its first row inside 大虞街道, its second outside (the other street, or the
# person's community there), with the column the refusal is reported on.
V6_FILES = {
    "party_households": ([["社区", "网格", "户主姓名", "设立日期"], ["和平社区", "第一网格", "甲", "2025-01-01"],
                          ["光明社区", "光明苑网格", "乙", "2025-01-01"]], "社区"),
    "supply_communities": ([["服务项目", "服务社区"], ["S000001", "和平社区"], ["S000001", "光明社区"]], "服务社区"),
    "resident_needs": ([["社区", "需求群体", "需求类别", "需求来源", "提出日期"], ["和平社区", "一老", "助餐", "走访", "2025-01-01"],
                        ["光明社区", "一老", "助餐", "走访", "2025-01-01"]], "社区"),
    "studios": ([["工作室名称", "所在社区", "成立日期"], ["甲工作室", "和平社区", "2025-01-01"],
                 ["乙工作室", "光明社区", "2025-01-01"]], "所在社区"),
    "shadow_placements": ([["社区工作者编号", "跟班社区", "批次", "开始日期"], ["W0000001", "和平社区", "1", "2025-01-01"],
                           ["W0000003", "和平社区", "1", "2025-01-01"]], "社区工作者编号"),
    "salons": ([["沙龙主题", "举办街道", "举办日期", "参加人数"], ["甲", "大虞街道", "2025-01-01", "9"],
                ["乙", "梨园街道", "2025-01-01", "9"]], "举办街道"),
    "rotations": ([["人员编号", "锻炼社区", "开始日期"], ["W0000001", "和平社区", "2025-01-01"],
                   ["W0000001", "光明社区", "2025-01-01"]], "锻炼社区"),
    "training_resources": ([["资源类型", "名称", "所在区划", "设立日期"], ["现场教学点", "甲", "和平社区", "2025-01-01"],
                            ["现场教学点", "乙", "光明社区", "2025-01-01"]], "所在区划"),
    "competency_scores": ([["人员编号", "测评维度", "测评日期", "得分"], ["W0000001", "政治素质", "2025-06-01", "80"],
                           ["W0000003", "政治素质", "2025-06-01", "80"]], "人员编号"),
    "secondments": ([["人员编号", "借调单位", "单位类型", "借调开始日期"], ["W0000002", "区民政局", "区直部门", "2025-01-01"],
                     ["W0000003", "区民政局", "区直部门", "2025-01-01"]], "人员编号"),
    "assessment_outcomes": ([["人员编号", "年度", "运用方式", "决定日期"], ["W0000001", "2024", "续聘", "2025-01-01"],
                             ["W0000003", "2024", "续聘", "2025-01-01"]], "人员编号"),
}


@pytest.mark.parametrize("table", sorted(V6_FILES))
def test_every_new_table_keeps_a_bound_account_inside_its_region(table, import_db):
    con = database.connect(import_db)
    rows, column = V6_FILES[table]
    p = importer.preview(con, table, csv_bytes(rows), file_name="v6.csv", scope=STREET)
    rejected = problems_by_line(p)
    assert (p.rows_new, list(rejected)) == (1, [3]), p.problems.to_string()
    assert any(c == column and OUTSIDE in reason for c, reason in rejected[3]), rejected[3]
    unbound = importer.preview(con, table, csv_bytes(rows), file_name="v6.csv")
    assert (unbound.rows_new, unbound.rows_rejected) == (2, 0), unbound.problems.to_string()


def test_a_supply_item_serving_another_street_cannot_be_changed_by_a_bound_account(import_db):
    con = database.connect(import_db)
    data = csv_bytes([["项目编号", "服务项目", "提供单位", "服务类别", "服务容量", "开始日期", "清单类型"],
                      ["S000001", "爱心助餐", "幸福里爱心超市", "助餐服务", "600", "2024-01-01", "服务供给清单"]])
    assert importer.preview(con, "service_supplies", data, mode="upsert", scope=STREET).rows_updated == 1  # serves C1
    assert importer.preview(con, "service_supplies", data, mode="upsert", scope="370705002").rows_rejected == 1


def test_the_competency_model_is_refused_to_a_bound_account(import_db):
    con = database.connect(import_db)
    data = csv_bytes([["维度编号", "维度名称", "薄弱线"], ["learning", "学习能力", "60"]])
    p = importer.preview(con, "competency_dimensions", data, scope=STREET)
    assert p.rows_rejected == 1 and "全库共用" in p.problems["reason"][0]
    assert importer.preview(con, "competency_dimensions", data).rows_new == 1
