"""cgw.ingest.importer.reading: row numbers on large files (D2), stray quotes (D4), the Excel cases
(header on another sheet, formulas without results, #N/A, hidden rows), two-row headers, title
and footer rows, temp-file hygiene. Each defect has a file that reproduces it."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import openpyxl
import pytest

from cgw.ingest import importer
from cgw.ingest.importer import reading
from cgw.storage import database
from devtools import import_bench
from tests.support import import_corpus as corpus
from tests.support import office_corpus


@pytest.fixture
def con(import_db):
    return database.connect(import_db)


def _lines(result) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in result.problems.itertuples(index=False):
        out.setdefault(int(r.line), []).append(f"{r.column}: {r.reason}")
    return out


# --- D2: row numbers of a large file -----------------------------------------------------------------


def test_d2_row_numbers_stay_right_on_a_large_file(con, tmp_path):
    """A 300,000-row roster (three of DuckDB's row groups: enough for parallel inserts to reorder
    rowids) with a bad 岗位等级 planted on 300 known rows: every problem names its own row. Before
    the fix 0 of 500 planted rows were named right on such a file."""
    rows = 300_000
    gbk, utf8 = tmp_path / "big_gbk.csv", tmp_path / "big.csv"
    import_bench.write_roster(gbk, utf8, rows, [corpus.C1, corpus.C2, corpus.C3, corpus.C4])
    lines = utf8.read_bytes().decode("utf-8").split("\r\n")
    level = lines[0].split(",").index("岗位等级")
    planted = sorted({2 + k * (rows // 300) + (k % 7) for k in range(300)})
    for n in (2, 3, 4):  # W0000001–3 are the base database's: number these rows anew
        lines[n - 1] = "," + lines[n - 1].split(",", 1)[1]
    for n in planted:
        cells = lines[n - 1].split(",")
        cells[level] = "99"
        lines[n - 1] = ",".join(cells)
    data = "\r\n".join(lines).encode("gbk")
    p = importer.preview(con, "workers", data, file_name="大名单.csv")
    assert p.rows_total == rows and p.rows_rejected == len(planted)
    assert sorted(set(p.problems["line"])) == planted
    assert set(p.problems["value"]) == {"99"}


# --- D4: an unclosed quote --------------------------------------------------------------------------


def _ten_rows() -> list[list[object]]:
    ps = office_corpus.people()[:10]
    return [[p.name, p.id_number, p.community, p.hire.isoformat(), "—"] for p in ps]


def test_d4_an_unclosed_quote_in_an_ignored_column_does_not_swallow_later_rows(con):
    """The quote opens in 备注 (not imported) on row 4 and never closes. Every one of the ten rows is
    read and imported; the row with the stray quote is named in a notice. Before: "新增 3 行"."""
    rows = _ten_rows()
    head = "姓名,身份证号,所属社区,入职日期,备注\r\n"
    body = [",".join(map(str, r)) for r in rows]
    body[2] = body[2].rsplit(",", 1)[0] + ',"调入（见附件'
    data = (head + "\r\n".join(body) + "\r\n").encode("gbk")
    r = importer.import_file(con, "workers", data, file_name="名单.csv")
    assert (r.written, r.rows_new, r.rows_rejected) == (True, 10, 0), r.problems.to_string()
    assert any("第 4 行有没有配对的引号" in n for n in r.notices), r.notices
    stored = database.query_rows(con, "SELECT name, id_number FROM workers WHERE worker_id > 'W0000003' ORDER BY worker_id")
    assert stored == [(row[0], row[1]) for row in rows]


def test_d4_a_quote_in_a_used_column_spoils_only_its_own_row(con):
    rows = _ten_rows()
    head = "姓名,身份证号,所属社区,入职日期,备注\r\n"
    body = [",".join(map(str, r)) for r in rows]
    body[5] = '"' + body[5]  # the name cell starts a quote that never closes
    data = (head + "\r\n".join(body) + "\r\n").encode("utf-8")
    p = importer.preview(con, "workers", data, file_name="名单.csv")
    assert p.rows_total == 10 and any("第 7 行有没有配对的引号" in n for n in p.notices), p.notices
    assert p.sample["姓名"].tolist()[:5] == [r[0] for r in rows[:5]]


def test_a_quoted_cell_over_several_lines_is_still_one_row():
    text = '姓名,备注,社区\n张三,"第一行\n第二行",和平社区\n李四,,光明社区\n'
    recs = reading.split_records(text, ",", width=3)
    assert [r.cells for r in recs] == [["姓名", "备注", "社区"], ["张三", "第一行\n第二行", "和平社区"], ["李四", "", "光明社区"]]
    assert not any(r.stray_quote for r in recs)


# --- the Excel cases ----------------------------------------------------------------------------------


def test_the_header_on_another_sheet_is_found_without_choosing_it(con):
    ps = office_corpus.people()[:3]
    data = corpus.xlsx_bytes({"说明": [["填表说明：请在第二个工作表填写"], ["日期写成 2015-03-01"]],
                              "名单": [["姓名", "身份证号", "所属社区", "入职日期"],
                                       *[[p.name, p.id_number, p.community, p.hire.isoformat()] for p in ps]]})
    p = importer.preview(con, "workers", data, file_name="名单.xlsx")
    assert (p.rows_new, p.sheet) == (3, "名单")
    assert any("第一个工作表「说明」中没有「社区工作者」的表头，已读取工作表「名单」" in n for n in p.notices)
    # Chosen by name, the wrong sheet says where the header is.
    with pytest.raises(importer.ImportFailed, match="工作表「名单」中有这张表的表头：请选择该工作表"):
        importer.preview(con, "workers", data, file_name="名单.xlsx", sheet="说明")


def _openpyxl(rows: list[list[object]], hidden: list[int] = ()) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for r in hidden:
        ws.row_dimensions[r].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_formula_without_a_stored_result_is_reported_not_read_as_empty(con):
    """openpyxl (like many programs) writes formulas without their results. Before: "必填项为空"."""
    ps = office_corpus.people()[:3]
    rows = [["姓名", "身份证号", "所属社区", "入职日期"]]
    rows += [[p.name, p.id_number, p.community, p.hire.isoformat()] for p in ps]
    rows[2][3] = "=DATE(2015,3,1)"
    p = importer.preview(con, "workers", _openpyxl(rows), file_name="公式.xlsx")
    assert _lines(p) == {3: ["入职日期: 公式没有计算结果（=DATE(2015,3,1)）：文件由程序生成，从未在 Excel 中计算过"]}
    assert "选择性粘贴为数值" in p.problems.iloc[0]["fix"]


def test_an_error_cell_is_reported_never_replaced_from_the_id_number(con):
    """#N/A in 出生日期 used to be read as empty and filled from the ID number without a word."""
    ps = office_corpus.people()[:3]
    buf = io.BytesIO()
    import xlsxwriter

    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("名单")
    ws.write_row(0, 0, ["姓名", "身份证号", "出生日期", "所属社区", "入职日期"])
    for i, p in enumerate(ps, start=1):
        ws.write_row(i, 0, [p.name, p.id_number, p.birth.isoformat(), p.community, p.hire.isoformat()])
    ws.write_formula(2, 2, "=VLOOKUP(A3,其他!A:B,2,0)", None, "#N/A")
    wb.close()
    p = importer.preview(con, "workers", buf.getvalue(), file_name="错误值.xlsx")
    assert list(_lines(p)) == [3] and "出生日期: 单元格是 Excel 的错误值 #N/A" in _lines(p)[3][0]
    # Typed as text in a CSV, the same value is caught too.
    text = corpus.csv_bytes([["姓名", "身份证号", "出生日期", "所属社区", "入职日期"],
                             [ps[0].name, ps[0].id_number, "#N/A", ps[0].community, ps[0].hire.isoformat()]])
    assert "错误值 #N/A" in _lines(importer.preview(con, "workers", text))[2][0]


def test_hidden_rows_are_imported_and_said(con):
    ps = office_corpus.people()[:4]
    rows = [["姓名", "身份证号", "所属社区", "入职日期"]] + [[p.name, p.id_number, p.community, p.hire.isoformat()] for p in ps]
    p = importer.preview(con, "workers", _openpyxl(rows, hidden=[3, 5]), file_name="隐藏.xlsx")
    assert p.rows_new == 4
    assert any(n.startswith("第 3、5 行（共 2 行）在 Excel 中是隐藏行，已照常导入") for n in p.notices), p.notices


def test_sheet_flags_read_the_sheet_xml():
    ps = office_corpus.people()[:2]
    rows = [["姓名", "入职日期"], [ps[0].name, "=TODAY()"], [ps[1].name, "x"]]
    flags = reading.sheet_flags(_openpyxl(rows, hidden=[3]), "Sheet")
    assert flags.hidden_rows == {3}
    assert flags.cells == {(2, 1): reading.FORMULA_CELL + "=TODAY()"}


# --- headers -------------------------------------------------------------------------------------


def test_a_two_row_header_reads_group_and_field_labels():
    upper = ["序号", "姓名", "基本情况", "", "", "职业资格", "", "联系电话"]
    lower = ["", "", "性别", "民族", "出生年月", "等级", "取得时间", ""]
    cells, groups = reading.combine(upper, lower)
    assert cells == ["序号", "姓名", "性别", "民族", "出生年月", "等级", "取得时间", "联系电话"]
    assert groups == ["", "", "基本情况", "基本情况", "基本情况", "职业资格", "职业资格", ""]
    h = reading.find_header([["标题"], upper, lower, ["1", "张三"]], importer.spec("workers"), "x.csv")
    assert (h.start, h.height) == (1, 2)
    # 职业资格 / 等级 is the certificate's level, not the post level (等级 alone would be 岗位等级).
    assert {h.shown[i]: n for i, n in h.match.columns.items()} == {
        "姓名": "name", "基本情况 / 性别": "gender", "基本情况 / 民族": "ethnicity", "基本情况 / 出生年月": "birth_date",
        "职业资格 / 等级": "cert_level", "职业资格 / 取得时间": "cert_date", "联系电话": "phone"}


def test_footer_and_prenumbered_blank_rows_are_set_aside(con):
    ps = office_corpus.people()[:2]
    rows = [["序号", "姓名", "身份证号", "所属社区", "入职日期"]]
    rows += [[i + 1, p.name, p.id_number, p.community, p.hire.isoformat()] for i, p in enumerate(ps)]
    rows += [[3, "", "", "", ""], [4, "", "", "", ""], ["合计", "2人"], ["填表人：王芳", "", "", "审核人：李强", "日期：2024.12"]]
    p = importer.preview(con, "workers", corpus.csv_bytes(rows, "gbk"))
    assert (p.rows_total, p.rows_new) == (2, 2)
    assert any("跳过了 2 行合计/签名等说明行（第 6、7 行）" in n for n in p.notices)


# --- temp files ----------------------------------------------------------------------------------


def test_a_dead_imports_temp_file_is_removed_and_a_live_ones_kept(kuiwen_copy):
    folder = Path(reading._TEMP_DIR or tempfile.gettempdir())
    dead = folder / f"{reading._TEMP_PREFIX}999999999_abc.csv"  # no such process
    live = folder / f"{reading._TEMP_PREFIX}1_abc.csv"  # pid 1 always exists
    dead.write_bytes(b"x")
    live.write_bytes(b"x")
    try:
        csv = "社区代码,年份,常住人口,户数\n370705001001,2019,5000,2000\n".encode("gbk")
        con = database.connect(kuiwen_copy)
        importer.preview(con, "region_population", csv, file_name="人口.csv")
        assert not dead.exists()
        assert live.exists()
    finally:
        dead.unlink(missing_ok=True)
        live.unlink(missing_ok=True)


def test_guessing_the_table_reads_a_two_row_header():
    data = corpus.csv_bytes([["姓名", "身份信息", "", "工作单位"], ["", "身份证号", "民族", "社区"], ["张三", "1", "汉族", "x"]])
    assert importer.guess_tables(data)[0][0] == "workers"

