"""cgw.ingest.importer.validate: ID birth years (D3), communities chosen by street, normalisation
shown with the original, titles kept as written, optional facts unknown (never guessed) and kept
on update, related certificates, the region-scope hook."""

from __future__ import annotations

import pytest

from cgw.ingest import importer
from cgw.storage import database
from tests.support import import_corpus as corpus
from tests.support import office_corpus
from tests.support.import_corpus import C1, C2, C3, C4, ID1, csv_bytes, pid

PS = office_corpus.people()[:12]


@pytest.fixture
def con(import_db):
    return database.connect(import_db)


@pytest.fixture
def con_any(import_any):
    """The same database as a DuckDB file, then as a PostgreSQL store (server mode)."""
    return database.connect(import_any)


def _problems(result) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in result.problems.itertuples(index=False):
        out.setdefault(int(r.line), []).append(f"{r.column}: {r.reason}")
    return out


def _roster(head: list[str], rows: list[list[object]]) -> bytes:
    return csv_bytes([head, *rows])


# --- D3 ------------------------------------------------------------------------------------------


def test_d3_id_numbers_born_before_1900_or_after_today_are_refused(con):
    """Before: 0000–1899 birth years were accepted; year 0000 was stored as 0001-01-01 (BC)."""
    ids = [pid("370705", "00000101", "011"), pid("370705", "18991231", "022"), pid("370705", "20990101", "031"),
           pid("370705", "19000101", "041")]
    p = importer.preview(con, "workers", _roster(["姓名", "身份证号", "所属社区", "入职日期"],
                                                [["某", i, C2, "2020-01-01"] for i in ids]))
    got = _problems(p)
    assert got == {2: ["身份证号: 身份证号中的出生日期 00000101 不在 1900 年到今天之间"],
                   3: ["身份证号: 身份证号中的出生日期 18991231 不在 1900 年到今天之间"],
                   4: ["身份证号: 身份证号中的出生日期 20990101 不在 1900 年到今天之间"]}
    assert p.rows_new == 1  # born 1900-01-01: the first day allowed


# --- streets select communities --------------------------------------------------------------------


def test_a_community_found_only_under_another_street_is_an_error_with_a_suggestion(con):
    head = ["姓名", "身份证号", "所属街道", "社区名称", "入职日期"]
    rows = [[PS[0].name, PS[0].id_number, "梨园街道", "幸福社区", "2020-01-01"],   # 梨园's 幸福社区: C3
            [PS[1].name, PS[1].id_number, "大虞街道", "幸福社区", "2020-01-01"],   # 大虞's: C1
            [PS[2].name, PS[2].id_number, "梨园街道", "和平社区", "2020-01-01"],   # 和平社区 is 大虞's
            [PS[3].name, PS[3].id_number, "大虞街道", "光明", "2020-01-01"],       # 光明社区 is 梨园's
            [PS[4].name, PS[4].id_number, "370705002", "光明社区", "2020-01-01"],  # the street by its code
            [PS[5].name, PS[5].id_number, "东关街道", "和平社区", "2020-01-01"]]   # no such street
    p = importer.preview(con, "workers", _roster(head, rows))
    got = _problems(p)
    assert got[4] == ["社区名称: 「和平社区」不在梨园街道：您是否指大虞街道的「和平社区」？"]
    assert got[5] == ["社区名称: 「光明」不在大虞街道：您是否指梨园街道的「光明社区」？"]
    assert got[7] == ["所属街道: 找不到街道（乡镇）「东关街道」"]
    assert set(got) == {4, 5, 7}
    fix = p.problems[p.problems["line"] == 4]["fix"].iloc[0]
    assert fix == "核对街道和社区名称（梨园街道的社区有：幸福社区、光明社区）"
    r = importer.import_file(con, "workers", _roster(head, rows), accept_valid=True)
    assert database.query_rows(con, "SELECT name, community_id FROM workers WHERE worker_id > 'W0000003' "
                                    "ORDER BY worker_id") == [(PS[0].name, C3), (PS[1].name, C1), (PS[4].name, C4)]
    assert r.rows_new == 3


# --- normalisation --------------------------------------------------------------------------------


def test_full_width_and_spaced_values_are_normalised_and_the_original_shown(con):
    full = "".join(chr(ord(ch) + 0xFEE0) for ch in PS[0].id_number)
    spaced = f"{PS[1].id_number[:6]} {PS[1].id_number[6:14]} {PS[1].id_number[14:]} "
    rows = [["张　三", full, C2, "2020-01-01", "138-1234-5678"],
            [" 李四 ", spaced, C2, "2020-01-01", "+86 139 1234 5678"],
            ["王　五", f"{PS[2].id_number[:6]} {PS[2].id_number[6:16]}9Z", C2, "2020-01-01", ""]]
    p = importer.preview(con, "workers", _roster(["姓名", "身份证号", "所属社区", "入职日期", "联系电话"], rows))
    # The bad one is reported with the cell as the file has it (masked), not the tidied value.
    bad = p.problems.iloc[0]
    assert (bad["line"], bad["column"]) == (4, "身份证号") and " " in bad["value"] and bad["value"].endswith("9Z")
    assert any(n.startswith("「身份证号」有 2 个单元格含空格、全角字符或小写 x，已规范化（例：第 2 行「") for n in p.notices)
    assert any(n.startswith("「联系电话」有 2 个单元格含空格、横线、全角字符或 +86，已规范化（例：第 2 行「138-****-5678」→「138****5678」）")
               for n in p.notices), p.notices
    assert any(n.startswith("「姓名」有 3 个单元格含全角空格或多余的空格") for n in p.notices)
    importer.import_file(con, "workers", _roster(["姓名", "身份证号", "所属社区", "入职日期", "联系电话"], rows),
                         accept_valid=True)
    assert database.query_rows(con, "SELECT name, id_number, phone FROM workers WHERE worker_id > 'W0000003' "
                                    "ORDER BY worker_id") == [("张三", PS[0].id_number, "13812345678"),
                                                              ("李四", PS[1].id_number, "13912345678")]


# --- optional facts: unknown, never guessed; kept on update ----------------------------------------------


def test_a_roster_with_only_the_required_columns_stores_unknowns_as_null(con):
    p = PS[0]
    r = importer.import_file(con, "workers", _roster(["姓名", "公民身份号码", "社区名称", "参加社区工作时间"],
                                                    [[p.name, p.id_number, "和平社区", "2015年3月"]]))
    assert r.written and r.rows_new == 1
    row = database.query_df(con, "SELECT * FROM workers WHERE id_number = ?", [p.id_number]).iloc[0].to_dict()
    assert (row["gender"], str(row["birth_date"])[:10], str(row["hire_date"])[:10]) == (p.sex, p.birth.isoformat(), "2015-03-01")
    for unknown in ("ethnicity", "political_status", "education", "role_category", "post_title", "post_title_text",
                    "post_level", "source", "post_since", "phone"):
        assert row[unknown] is None or row[unknown] != row[unknown], unknown  # NULL (NaN/NaT in pandas)


def test_an_upsert_without_a_column_keeps_what_the_database_knows(con):
    """张伟 (W0000001) has 学历 本科 and 岗位等级 10; a roster without those columns changes his phone
    only: the facts it does not mention are kept, not erased."""
    r = importer.import_file(con, "workers", _roster(["姓名", "身份证号", "所属社区", "入职日期", "联系电话"],
                                                    [["张伟", ID1, C1, "2010-07-01", "13800009999"]]), mode="upsert")
    assert (r.rows_updated, r.rows_rejected) == (1, 0)
    assert "education" in r.kept and "post_level" in r.kept
    assert database.query_rows(con, "SELECT education::VARCHAR, post_level, phone, post_title::VARCHAR FROM workers "
                                    "WHERE worker_id = 'W0000001'") == [("本科", 10, "13800009999", "社区专职工作者")]


def test_titles_are_kept_as_written_with_their_category_and_role(con):
    titles = ["党委书记、居委会主任", "居委会副主任", "网格员", "专职社工", "楼宇专员", "居委会委员", "保洁员"]
    rows = [[PS[i].name, PS[i].id_number, C2, "2020-01-01", t] for i, t in enumerate(titles)]
    r = importer.import_file(con, "workers", _roster(["姓名", "身份证号", "所属社区", "入职日期", "职务"], rows))
    assert r.rows_new == len(titles)
    assert database.query_rows(con, "SELECT post_title_text, post_title::VARCHAR, role_category::VARCHAR FROM workers "
                                    "WHERE worker_id > 'W0000003' ORDER BY worker_id") == [
        ("党委书记、居委会主任", "书记兼主任", "社区正职"), ("居委会副主任", "副主任", "社区副职"),
        ("网格员", "社区专职工作者", "一般社区工作者"), ("专职社工", "社区专职工作者", "一般社区工作者"),
        ("楼宇专员", "楼宇专职工作者", "楼宇专职工作者"), ("居委会委员", "两委委员", "一般社区工作者"),
        ("保洁员", None, None)]
    unknown = [g for g in r.values if g.column == "post_title_text" and g.how == "unrecognised"]
    assert [(g.value, g.count) for g in unknown] == [("保洁员", 1)]


# --- related certificates ------------------------------------------------------------------------------


def test_a_rosters_qualification_column_writes_certificates_and_undo_removes_them(con_any):
    con = con_any
    before = corpus.snapshot(con)
    head = ["姓名", "身份证号", "所属社区", "入职日期", "职业资格", "取证时间"]
    rows = [[PS[0].name, PS[0].id_number, C2, "2020-01-01", "初级", "2021年6月"],
            [PS[1].name, PS[1].id_number, C2, "2020-01-01", "社会工作师", ""],
            [PS[2].name, PS[2].id_number, C2, "2020-01-01", "无", ""],
            ["张伟", ID1, C1, "2010-07-01", "助理社会工作师", ""]]  # already in the database (2015-06-01)
    r = importer.import_file(con, "workers", _roster(head, rows), mode="upsert")
    assert (r.rows_new, r.rows_rejected, r.related["certificates"]) == (3, 0, {"new": 2, "update": 0, "unchanged": 1})
    assert "职业资格证书新增 2 条" in r.summary()
    assert database.query_rows(con, "SELECT worker_id, level::VARCHAR, obtained_on::VARCHAR FROM certificates "
                                    "ORDER BY 1, 2") == [("W0000001", "助理社会工作师", "2015-06-01"),
                                                         ("W0000004", "助理社会工作师", "2021-06-01"),
                                                         ("W0000005", "社会工作师", None)]
    undone = importer.undo(con, r.batch_id)
    assert (undone.deleted, undone.related) == (3, 2)
    assert corpus.same_snapshot(before, corpus.snapshot(con))


def test_certified_without_a_level_is_said_and_no_certificate_invented(con):
    head = ["姓名", "身份证号", "所属社区", "入职日期", "是否持证"]
    p = importer.preview(con, "workers", _roster(head, [[PS[0].name, PS[0].id_number, C2, "2020-01-01", "是"]]))
    assert p.rows_new == 1 and not p.related_changes
    assert any("「是否持证」为“是”，但没有填写证书等级，未生成职业资格记录" in n for n in p.notices)


# --- region scope (the hook accounts use) -----------------------------------------------------------------


def test_rows_outside_the_allowed_regions_are_rejected(con):
    head = ["姓名", "身份证号", "所属社区", "入职日期"]
    rows = [[PS[0].name, PS[0].id_number, C1, "2020-01-01"], [PS[1].name, PS[1].id_number, C3, "2020-01-01"]]
    r = importer.import_file(con, "workers", _roster(head, rows), scope="370705001", accept_valid=True)
    assert (r.rows_new, r.rows_rejected) == (1, 1)
    assert _problems(r) == {3: ["所属社区: 超出当前账号的管辖范围（区划 370705001）：只能导入或修改本辖区的数据"]}
    # A training is in the region of its worker (张伟 works in 大虞街道): the preview says so too.
    training = csv_bytes([["身份证号", "培训项目", "培训日期", "学时", "培训结果"], [ID1, "专题班", "2024-01-01", "8", "合格"]])
    assert importer.preview(con, "trainings", training, scope="370705001").rows_rejected == 0
    scoped = importer.preview(con, "trainings", training, scope="370705002")
    assert _problems(scoped) == {2: ["身份证号: 超出当前账号的管辖范围（区划 370705002）：只能导入或修改本辖区的数据"]}


def test_a_kept_appointment_date_is_checked_against_a_new_hire_date(con):
    """王芳 (W0000003) holds her post since 2012-05-01; a roster without 任现职时间 that moves her hire date
    past it is refused row by row, before the database's own check would refuse the whole load."""
    head = ["姓名", "身份证号", "所属社区", "入职日期"]
    r = importer.preview(con, "workers", _roster(head, [["王芳", corpus.ID3, C3, "2013-01-01"]]), mode="upsert")
    assert _problems(r) == {2: ["入职日期: 晚于库中的任现职时间 2012-05-01"]}


# --- duplicate keys in one file ---------------------------------------------------------------------


def _wishes(ids: list[int]) -> bytes:
    head = ["编号", "所属社区", "心愿类别", "提出日期", "状态"]
    return csv_bytes([head, *[[str(i), C1, "一老", "2024-03-01", "待认领"] for i in ids]])


def test_each_duplicate_row_names_at_most_five_others(con):
    p = importer.preview(con, "wishes", _wishes([7001] * 8 + [7002, 7002]))
    dup = {line: reasons for line, reasons in _problems(p).items() if any("行重复" in r for r in reasons)}
    assert dup[2] == ["编号: 与第 3、4、5、6、7 等 行重复（编号相同）"]
    assert dup[9] == ["编号: 与第 2、3、4、5、6 等 行重复（编号相同）"]
    assert sorted(dup) == list(range(2, 12))
    assert dup[11] == ["编号: 与第 10 行重复（编号相同）"]


def test_a_file_of_one_key_repeated_30000_times_is_checked_in_linear_time(con):
    """Every row names 5 others from its group's first lines, not all 29,999 (which took minutes)."""
    p = importer.preview(con, "wishes", _wishes([7001] * 30_000))
    dup = {line: reasons for line, reasons in _problems(p).items() if any("行重复" in r for r in reasons)}
    assert len(dup) == 30_000 and p.rows_rejected == 30_000
    assert dup[30_001] == ["编号: 与第 2、3、4、5、6 等 行重复（编号相同）"]
