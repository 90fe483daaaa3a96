"""A corpus of realistic and awkward import files, built in code, with the outcome each must have.

`base_database(path)` writes a small database whose every row is known: a district, two streets,
four communities (two of them both called 幸福社区), four grids (幸福社区 and 和平社区 each have a
第一网格), three workers, two partners, one points account and a row or two in the other tables. Each `Case` builds one file (bytes) and states,
computed by hand: the rows new / updated / unchanged, every rejected row (spreadsheet row number)
with the column and a fragment of the reason, and notices that must appear.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from cgw.domain import idcard
from cgw.storage import database


def pid(area: str, birth: str, seq: str) -> str:
    """A valid 18-digit ID number (seq odd in its last digit for men)."""
    first17 = area + birth + seq
    return first17 + idcard.check_digit(first17)


# --- the base database ---------------------------------------------------------------------------

ID1 = pid("370705", "19850317", "011")  # 张伟, 男
ID2 = pid("370705", "19900621", "022")  # 李娜, 女
ID3 = pid("370705", "19781109", "044")  # 王芳, 女
C1, C2, C3, C4 = "370705001001", "370705001002", "370705002001", "370705002002"

G1, G2, G3, G4 = C1 + "001", C1 + "002", C2 + "001", C4 + "001"  # grids (网格), schema version 6
_R = "INSERT INTO regions (region_id, name, level, parent_id, party_branch) VALUES "
_W = ("INSERT INTO workers (worker_id, name, gender, id_number, birth_date, ethnicity, political_status, education, "
      "community_id, role_category, post_title, post_title_text, post_level, source, hire_date, post_since, status, "
      "exit_date, exit_reason, phone) VALUES ")

BASE_SQL = [
    _R + "('370705', '奎文区', 'district', NULL, NULL)",
    _R + "('370705001', '大虞街道', 'street', '370705', NULL), ('370705002', '梨园街道', 'street', '370705', NULL)",
    _R + f"('{C1}', '幸福社区', 'community', '370705001', NULL), ('{C2}', '和平社区', 'community', '370705001', NULL),"
    f" ('{C3}', '幸福社区', 'community', '370705002', NULL), ('{C4}', '光明社区', 'community', '370705002', NULL)",
    # Two communities each have a 第一网格: a grid named in a row is looked up within the row's community.
    _R + f"('{G1}', '第一网格', 'grid', '{C1}', '幸福社区第一网格党支部'), ('{G2}', '第二网格', 'grid', '{C1}', NULL), "
    f"('{G3}', '第一网格', 'grid', '{C2}', '和平社区第一网格党支部'), ('{G4}', '光明苑网格', 'grid', '{C4}', NULL)",
    f"INSERT INTO region_population VALUES ('{C1}', 2024, 5000, 1800), ('{C2}', 2024, 4000, 1500), "
    f"('{C3}', 2024, 3000, 1100), ('{C4}', 2024, 2000, 700)",
    _W + f"('W0000001', '张伟', '男', '{ID1}', '1985-03-17', '汉族', '中共党员', '本科', '{C1}', "
    f"'一般社区工作者', '社区专职工作者', '社区专职工作者', 10, '公开招聘', '2010-07-01', '2010-07-01', '在岗', NULL, NULL, '13800000001')",
    _W + f"('W0000002', '李娜', '女', '{ID2}', '1990-06-21', '汉族', '中共党员', '研究生', '{C2}', "
    f"'社区正职', '书记', '书记', 12, '选举', '2014-09-01', '2019-01-01', '在岗', NULL, NULL, NULL)",
    _W + f"('W0000003', '王芳', '女', '{ID3}', '1978-11-09', '回族', '群众', '大专', '{C3}', "
    f"'社区副职', '副主任', '副主任', 8, '随缺随补', '2005-03-01', '2012-05-01', '在岗', NULL, NULL, '13900000003')",
    "INSERT INTO certificates VALUES ('W0000001', '助理社会工作师', '2015-06-01')",
    "INSERT INTO secretary_grades VALUES ('W0000002', 2024, '二等', '2024-01-01')",
    f"INSERT INTO reserve_candidates VALUES ('R000001', '刘洋', '男', '{pid('370705', '19960101', '013')}', "
    f"'1996-01-01', '{C2}', NULL, '副职', '2024-04-10', '在库', NULL)",
    "INSERT INTO trainings VALUES (1, 'W0000001', '适岗初任', '2023-03-01', 16.0, '合格')",
    "INSERT INTO assessments VALUES ('W0000001', 2024, '一般社区工作者', 85.0, 88.0, 90.0, '称职')",
    "INSERT INTO partners VALUES ('P000001', '幸福里爱心超市', '市场主体', '爱心商铺', '2024-03-01', NULL, '线下挖掘'), "
    "('P000002', '区残联', '机关单位', '驻区单位', '2023-01-01', NULL, NULL)",
    f"INSERT INTO partner_communities VALUES ('P000001', '{C1}')",
    "INSERT INTO partner_evaluations VALUES ('P000001', 2024, 4, 90, 80, 85, 0.4, 0.35, 0.25, 85.25, NULL)",
    f"INSERT INTO livelihood_issues VALUES (1, '{C1}', '设施维修', '网格走访', '2024-05-01', '2024-05-10', '已解决', 'P000001', NULL)",
    f"INSERT INTO wishes VALUES (1, '{C1}', '一老', '2024-02-01', '2024-02-03', '2024-02-10', 'P000001', '已完成', NULL)",
    f"INSERT INTO point_accounts VALUES ('A00000001', '{C1}', '赵六', '13700000001', '2024-01-01')",
    f"INSERT INTO points_ledger VALUES (1, 'A00000001', '{C1}', '2024-02-01', 10, '垃圾分类')",
    # version 6 (competency_dimensions: the schema's default model)
    f"INSERT INTO party_households VALUES ('H000001', '{G1}', '{C1}', '孙大妈', NULL, 12, '2024-06-01', NULL)",
    "INSERT INTO service_supplies VALUES ('S000001', '爱心助餐', '服务供给清单', 'P000001', '幸福里爱心超市', '助餐服务', 500, "
    "'2024-01-01', NULL), ('S000002', '法律咨询进社区', '社区服务清单', NULL, '区司法局', '法律咨询', 200, '2024-03-01', NULL)",
    f"INSERT INTO supply_communities VALUES ('S000001', '{C1}'), ('S000002', '{C2}')",
    f"INSERT INTO resident_needs VALUES (1, '{C1}', '{G1}', '一老', '助餐服务', '网格走访', '2025-01-02', '2025-01-05', "
    "'2025-01-20', 'S000001', '已满足')",
    f"INSERT INTO studios VALUES ('T0001', '李娜书记工作室', '{C2}', 'W0000002', '2024-05-01', NULL)",
    f"INSERT INTO shadow_placements VALUES (1, 'R000001', NULL, 'T0001', '{C2}', 1, '2024-06-01', '2024-08-31')",
    "INSERT INTO salons VALUES (1, '加装电梯怎么议', '370705001', '2024-09-20', 40)",
    f"INSERT INTO rotations VALUES (1, 'W0000003', '跨社区', '{C4}', '社区副主任', '2024-03-01', '2024-08-31')",
    f"INSERT INTO training_resources VALUES ('J00001', '现场教学点', '和平社区现场教学点', '{C2}', NULL, '2024-04-01', NULL)",
    "INSERT INTO competency_scores VALUES ('W0000001', 'political', '2024-06-15', 78.5)",
    "INSERT INTO secondments VALUES (1, 'W0000001', '区民政局', '区直部门', '2024-02-01', '2024-05-31')",
    "INSERT INTO assessment_outcomes VALUES ('W0000001', 2024, '绩效工资', '2025-01-20')",
]


def base_database(path: Path) -> Path:
    con = database.open_database(path)
    try:
        cur = con.cursor()
        for sql in BASE_SQL:
            cur.execute(sql)
        cur.execute("CHECKPOINT")
    finally:
        con.close()
    return path


# The data tables and the competency model (configuration the importer also writes).
SNAPSHOT_TABLES = (*database.DATA_TABLES, "competency_dimensions")


def snapshot(con, tables=SNAPSHOT_TABLES) -> dict:
    """Every row of every data table, sorted: equal snapshots mean equal contents."""
    out = {}
    for t in tables:
        df = database.query_df(con, f"SELECT * FROM {t}")
        out[t] = df.astype(str).sort_values(list(df.columns)).reset_index(drop=True)
    return out


def same_snapshot(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[t].equals(b[t]) for t in a)


# --- file builders -------------------------------------------------------------------------------


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8-sig", delimiter: str = ",",
              newline: str = "\r\n") -> bytes:
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return out.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list[object]]], merge_title: bool = False) -> bytes:
    """Cells keep their Python types: int/float become number cells, dt.date date cells."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
        if merge_title and rows:
            ws.merge_range(0, 0, 0, max(3, len(rows[1]) - 1), rows[0][0])
    wb.close()
    return buf.getvalue()


# Column order of a compact roster as analysts keep it (synonym headers, no 人员编号).
ROSTER_HEAD = ["序号", "姓名", "性别", "公民身份号码", "出生年月", "民族", "政治面貌", "文化程度", "社区名称",
               "岗位类别", "职务", "岗位等级", "来源", "入职时间"]


def roster_row(i, name, sex, idn, birth, comm="和平社区", edu="大学本科", pol="党员", role="一般",
               title="社区工作者", level="10", source="招聘", hire="2015-07-01", eth="汉族"):
    return [i, name, sex, idn, birth, eth, pol, edu, comm, role, title, level, source, hire]


# New people used by the roster files.
N1 = pid("370702", "19880305", "031")  # 男
N2 = pid("370702", "19920114", "042")  # 女
N3 = pid("370702", "19790830", "053")  # 男
N4 = pid("370702", "19851002", "064")  # 女
N5 = pid("370702", "19951225", "075")  # 男
N6 = pid("370702", "19830101", "086")  # 女
N7 = pid("370702", "19870615", "103")  # 男, check character X
N8 = pid("370702", "19900301", "108")  # 女


@dataclass
class Case:
    name: str
    table: str
    build: Callable[[], bytes]
    file_name: str = "data.csv"
    mode: str = "append"
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # rejected row → [(column as in the file, fragment of the reason)]
    rejected: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    fails: str | None = None  # ImportFailed message fragment: the file as a whole is refused
    unmapped: bool = False  # the refusal is a required column not mapped: the preview says it (Preview.missing)
    sheet: str | None = None
    source: str | None = None  # fragment of the detected format/encoding
    stored: dict[str, list[tuple]] = field(default_factory=dict)  # SQL → expected rows after import
    deleted: int = 0


CASES: list[Case] = []


def case(**kw) -> None:
    CASES.append(Case(**kw))


# --- rosters (workers) ---------------------------------------------------------------------------

# 1. WPS export: GBK, a title row, synonym headers, eight date spellings, short category forms, 合计 row.
case(
    name="wps_gbk_title_mixed_dates", table="workers", file_name="花名册_WPS.csv", source="GBK",
    build=lambda: csv_bytes([
        ["奎文区社区工作者花名册（2024年）"],
        ROSTER_HEAD,
        roster_row(1, "赵强", "男", N1, "1988.03", hire="2012.7"),
        roster_row(2, "钱丽", "女", N2, "1992.1", hire="2016年3月"),
        roster_row(3, "孙军", "男", N3, "1979年8月", hire="2003年9月1日", pol="群众", edu="中专"),
        roster_row(4, "李敏", "女", N4, "1985年10月2日", hire="2010-03", pol="团员", edu="大专"),
        roster_row(5, "周杰", "男", N5, "1995-12", hire="2019/6/15", edu="硕士"),
        roster_row(6, "吴静", "女", N6, "1983/1/1", hire="200508"),
        roster_row(7, "郑磊", "男", N7, "198706", hire="20100901", comm=C4),
        roster_row(8, "王梅", "女", N8, "19900301", hire="40179", comm="梨园街道/幸福社区"),
        ["合计", "8人"],
    ], encoding="gbk"),
    new=8, notices=["跳过了表头上方的 1 行", "合计", "已自动编号", "只填了年月"],
    stored={
        "SELECT name, birth_date::VARCHAR, hire_date::VARCHAR, political_status::VARCHAR, education::VARCHAR, "
        "community_id FROM workers WHERE worker_id > 'W0000003' ORDER BY worker_id": [
            ("赵强", "1988-03-05", "2012-07-01", "中共党员", "本科", C2),
            ("钱丽", "1992-01-14", "2016-03-01", "中共党员", "本科", C2),
            ("孙军", "1979-08-30", "2003-09-01", "群众", "中专·高中", C2),
            ("李敏", "1985-10-02", "2010-03-01", "共青团员", "大专", C2),
            ("周杰", "1995-12-25", "2019-06-15", "中共党员", "研究生", C2),
            ("吴静", "1983-01-01", "2005-08-01", "中共党员", "本科", C2),
            ("郑磊", "1987-06-15", "2010-09-01", "中共党员", "本科", C4),
            ("王梅", "1990-03-01", "2010-01-01", "中共党员", "本科", C3),
        ],
        "SELECT min(worker_id), max(worker_id), count(*) FROM workers": [("W0000001", "W0000011", 11)],
    },
)

# 2. The downloaded CSV template, filled in under its notes row.
def _filled_template() -> bytes:
    from cgw.ingest import importer

    tpl = importer.template_csv("workers").decode("utf-8-sig").splitlines()
    filled = {"姓名": "冯雪", "身份证号": N2, "政治面貌": "中共党员", "学历": "本科", "所属社区": "光明社区",
              "岗位类别": "一般社区工作者", "职务": "社区专职工作者", "岗位等级": "6", "来源": "公开招聘",
              "入职日期": "2018-04-01", "联系电话": "13512345678"}
    row = [filled.get(h, "") for h in importer.spec("workers").headers_zh()]
    return ("\ufeff" + "\r\n".join(tpl) + "\r\n" + ",".join(row) + "\r\n").encode("utf-8")


case(name="template_filled_csv", table="workers", build=_filled_template, new=1,
     notices=["填写说明行", "性别为空", "出生日期为空"],
     # 民族 and 任现职时间 left empty stay unknown (NULL): never guessed (version 4).
     stored={"SELECT gender::VARCHAR, birth_date::VARCHAR, ethnicity::VARCHAR, post_since::VARCHAR, status::VARCHAR "
             "FROM workers WHERE id_number = '" + N2 + "'": [("女", "1992-01-14", None, None, "在岗")]})

# 3. UTF-8 without BOM, English column names (as the presenter exports them), upsert of two
#    existing workers (one unchanged, one with a new phone) and one new.
_EN = ["worker_id", "name", "gender", "id_number", "birth_date", "ethnicity", "political_status", "education",
       "community_id", "role_category", "post_title", "post_level", "source", "hire_date", "post_since", "status",
       "exit_date", "exit_reason", "phone"]
case(
    name="english_headers_upsert", table="workers", mode="upsert", source="UTF-8",
    build=lambda: csv_bytes([
        _EN,
        ["W0000001", "张伟", "男", ID1, "1985-03-17", "汉族", "中共党员", "本科", C1, "一般社区工作者", "社区专职工作者",
         "10", "公开招聘", "2010-07-01", "2010-07-01", "在岗", "", "", "13800000001"],
        ["W0000003", "王芳", "女", ID3, "1978-11-09", "回族", "群众", "大专", C3, "社区副职", "副主任", "9", "随缺随补",
         "2005-03-01", "2012-05-01", "在岗", "", "", "13900000099"],
        ["W0000100", "新人", "男", N1, "1988-03-05", "汉族", "群众", "本科", C2, "一般社区工作者", "社区专职工作者", "3",
         "公开招聘", "2024-01-02", "2024-01-02", "在岗", "", "", ""],
    ], encoding="utf-8"),
    new=1, updated=1, unchanged=1,
    stored={"SELECT worker_id, post_level, phone FROM workers ORDER BY worker_id": [
        ("W0000001", 10, "13800000001"), ("W0000002", 12, None), ("W0000003", 9, "13900000099"),
        ("W0000100", 3, None)]},
)

# 4. Excel "Unicode text": UTF-16 LE with BOM, tab separated.
case(
    name="utf16_unicode_text", table="workers", file_name="花名册.txt", source="UTF-16",
    build=lambda: csv_bytes([ROSTER_HEAD, roster_row(1, "陈晨", "男", N3, "1979-08-30"),
                             roster_row(2, "林琳", "女", N4, "1985-10-02")], encoding="utf-16", delimiter="\t"),
    new=2,
)

# 5. GB18030 four-byte characters (rare name characters outside GBK) survive.
case(
    name="gb18030_rare_characters", table="workers", source="GBK",
    build=lambda: csv_bytes([ROSTER_HEAD, roster_row(1, "王䶮", "男", N5, "1995-12-25"),
                             roster_row(2, "李𠀾", "女", N6, "1983-01-01")], encoding="gb18030"),
    new=2, stored={"SELECT name FROM workers WHERE worker_id > 'W0000003' ORDER BY worker_id": [("王䶮",), ("李𠀾",)]},
)

# 6. XLSX damaged by Excel: ID numbers stored as numbers, 1985.1 typed into a number cell.
case(
    name="xlsx_damaged_ids", table="workers", file_name="花名册.xlsx", source="Excel",
    build=lambda: xlsx_bytes({"花名册": [
        ROSTER_HEAD,
        roster_row(1, "赵强", "男", int(N1[:15]) * 1000, "1988-03-05"),
        roster_row(2, "钱丽", "女", N2, 1992.1),
        roster_row(3, "孙军", "男", N3, 1979.08),
        roster_row(4, "李敏", "女", N4, "1985.10"),
        roster_row(5, "周杰", "男", "3.70702E+17", "1995-12-25"),
    ]}),
    new=2,
    rejected={2: [("公民身份号码", "存成了数字")], 3: [("出生年月", "有歧义")], 6: [("公民身份号码", "科学计数法")]},
    stored={"SELECT name, birth_date::VARCHAR FROM workers WHERE worker_id > 'W0000003' ORDER BY worker_id": [
        ("孙军", "1979-08-30"), ("李敏", "1985-10-02")]},
)

# 7. XLSX with a merged title, real date cells, an Excel serial number typed as a number.
case(
    name="xlsx_title_date_cells", table="workers", file_name="名册.xlsx",
    build=lambda: xlsx_bytes({"Sheet1": [
        ["2024年社区工作者名册"],
        ROSTER_HEAD,
        roster_row(1, "赵强", "男", N1, dt.date(1988, 3, 5), hire=dt.date(2012, 7, 1)),
        roster_row(2, "钱丽", "女", N2, 33617, hire=42461, level=6),
    ]}, merge_title=True),
    new=2, notices=["跳过了表头上方的 1 行"],
    stored={"SELECT birth_date::VARCHAR, hire_date::VARCHAR, post_level FROM workers WHERE worker_id > 'W0000003' "
            "ORDER BY worker_id": [("1988-03-05", "2012-07-01", 10), ("1992-01-14", "2016-04-01", 6)]},
)

# 8. XLSX: the roster is on the second sheet, chosen by name.
case(
    name="xlsx_chosen_sheet", table="workers", file_name="多表.xlsx", sheet="名单",
    build=lambda: xlsx_bytes({"说明": [["本表说明"]], "名单": [ROSTER_HEAD, roster_row(1, "赵强", "男", N1, "1988-03-05")]}),
    new=1,
)
case(name="xlsx_missing_sheet", table="workers", file_name="多表.xlsx", sheet="不存在",
     build=lambda: xlsx_bytes({"名单": [ROSTER_HEAD]}), fails="没有名为「不存在」的工作表")

# 9. Duplicates within the file: the same ID number twice, the same 人员编号 twice.
case(
    name="duplicates_in_file", table="workers",
    build=lambda: csv_bytes([
        ["人员编号"] + ROSTER_HEAD[1:],
        ["W0000200"] + roster_row(1, "赵强", "男", N1, "1988-03-05")[1:],
        ["W0000201"] + roster_row(2, "赵强", "男", N1, "1988-03-05")[1:],
        ["W0000202"] + roster_row(3, "钱丽", "女", N2, "1992-01-14")[1:],
        ["W0000202"] + roster_row(4, "孙军", "男", N3, "1979-08-30")[1:],
        ["W0000203"] + roster_row(5, "李敏", "女", N4, "1985-10-02")[1:],
    ]),
    new=1,
    rejected={2: [("公民身份号码", "与第 3 行重复")], 3: [("公民身份号码", "与第 2 行重复")],
              4: [("人员编号", "与第 5 行重复")], 5: [("人员编号", "与第 4 行重复")]},
)

# 10. Against the database, append mode: an existing ID number with other values is refused,
#     an identical one is unchanged.
case(
    name="existing_rows_append", table="workers",
    build=lambda: csv_bytes([
        ["人员编号", "姓名", "性别", "身份证号", "出生日期", "民族", "政治面貌", "学历", "所属社区", "岗位类别", "职务",
         "岗位等级", "来源", "入职日期", "任现职时间", "联系电话"],
        ["", "张伟", "男", ID1, "1985-03-17", "汉族", "中共党员", "本科", "大虞街道/幸福社区", "一般社区工作者",
         "社区专职工作者", "10", "公开招聘", "2010-07-01", "2010-07-01", "13800000001"],
        ["", "王芳", "女", ID3, "1978-11-09", "回族", "群众", "大专", C3, "社区副职", "副主任", "9", "随缺随补",
         "2005-03-01", "2012-05-01", "13900000003"],
        ["W0000300", "李娜二", "女", ID2, "1990-06-21", "汉族", "群众", "本科", C1, "一般社区工作者", "社区专职工作者", "10",
         "公开招聘", "2014-09-01", "2014-09-01", ""],
    ]),
    unchanged=1,
    rejected={3: [("人员编号", "数据库中已有")], 4: [("身份证号", "已属于数据库中的另一条记录：W0000002（李娜）")]},
    notices=["匹配到库中已有的记录"],
)

# 11. Upsert by ID number: a new phone and a transfer to another community. W0000001 has a
#     certificate; since schema version 3 (no foreign key on workers.community_id) it moves too.
case(
    name="upsert_transfer", table="workers", mode="upsert",
    build=lambda: csv_bytes([
        ["姓名", "身份证号", "政治面貌", "学历", "所属社区", "岗位类别", "职务", "岗位等级", "来源", "入职日期", "任现职时间",
         "民族", "联系电话"],
        ["张伟", ID1, "中共党员", "本科", "和平社区", "一般社区工作者", "社区专职工作者", "10", "公开招聘", "2010-07-01",
         "2010-07-01", "汉族", "13800000001"],
        ["王芳", ID3, "群众", "大专", "光明社区", "社区副职", "副主任", "8", "随缺随补", "2005-03-01", "2012-05-01",
         "回族", "13911112222"],
    ]),
    updated=2,
    stored={"SELECT worker_id, community_id, phone FROM workers ORDER BY worker_id": [
        ("W0000001", C2, "13800000001"), ("W0000002", C2, None), ("W0000003", C4, "13911112222")]},
)

# 12. Communities: unknown, ambiguous (幸福社区 is in both streets), a street instead of a community.
case(
    name="community_references", table="workers",
    build=lambda: csv_bytes([
        ROSTER_HEAD,
        roster_row(1, "赵强", "男", N1, "1988-03-05", comm="不存在社区"),
        roster_row(2, "钱丽", "女", N2, "1992-01-14", comm="幸福社区"),
        roster_row(3, "孙军", "男", N3, "1979-08-30", comm="370705001"),
        roster_row(4, "李敏", "女", N4, "1985-10-02", comm="大虞街道幸福社区"),
        roster_row(5, "周杰", "男", N5, "1995-12-25", comm="和平"),
    ]),
    new=2,
    rejected={2: [("社区名称", "找不到社区「不存在社区」")], 3: [("社区名称", "有 2 个社区名为「幸福社区」")],
              4: [("社区名称", "是街道/乡镇，不是社区")]},
    stored={"SELECT community_id FROM workers WHERE worker_id > 'W0000003' ORDER BY worker_id": [(C1,), (C2,)]},
)

# 13. 岗位等级 outside the role category's range (三岗十八级).
case(
    name="post_level_range", table="workers",
    build=lambda: csv_bytes([
        ROSTER_HEAD,
        roster_row(1, "赵强", "男", N1, "1988-03-05", role="正职", title="书记", level="3"),
        roster_row(2, "钱丽", "女", N2, "1992-01-14", role="一般", level="13"),
        roster_row(3, "孙军", "男", N3, "1979-08-30", role="副职", title="副主任", level="15级"),
        roster_row(4, "李敏", "女", N4, "1985-10-02", level="19"),
    ]),
    new=1,
    rejected={2: [("岗位等级", "社区正职的岗位等级应在 7–18 级之间")], 3: [("岗位等级", "一般社区工作者的岗位等级应在 1–12")],
              5: [("岗位等级", "超出范围")]},
)

# 14. ID numbers: check digit, 15-digit, too short, birth date and sex disagreeing, x and full width.
case(
    name="id_number_checks", table="workers",
    build=lambda: csv_bytes([
        ROSTER_HEAD,
        roster_row(1, "赵强", "男", N1[:17] + ("0" if N1[17] != "0" else "1"), "1988-03-05"),
        roster_row(2, "钱丽", "女", "370702920114042", "1992-01-14"),
        roster_row(3, "孙军", "男", N3[:16], "1979-08-30"),
        roster_row(4, "李敏", "女", N4, "1985-10-03"),
        roster_row(5, "周杰", "女", N5, "1995-12-25"),
        roster_row(6, "吴静", "女", "".join(chr(ord(ch) + 0xFEE0) for ch in N6), "1983-01-01"),
        roster_row(7, "郑磊", "男", " " + N7.lower() + " ", "1987-06-15"),
        roster_row(8, "王梅", "女", pid("370702", "19900230", "108"), "1990-02-28"),
    ]),
    new=2,
    rejected={2: [("公民身份号码", "校验位错误")], 3: [("公民身份号码", "15位旧身份证号")], 4: [("公民身份号码", "应为18位")],
              5: [("出生年月", "不一致")], 6: [("性别", "与身份证号不一致")], 9: [("公民身份号码", "出生日期 19900230 不存在")]},
)

# 15. Dates: order rules, ages, unreadable spellings.
case(
    name="date_rules", table="workers",
    build=lambda: csv_bytes([
        ["姓名", "身份证号", "出生日期", "政治面貌", "学历", "所属社区", "岗位类别", "职务", "岗位等级", "来源", "入职日期",
         "任现职时间", "状态", "离岗日期", "退出情形"],
        ["赵强", N1, "1988-03-05", "群众", "本科", C1, "一般", "社区工作者", "5", "招聘", "1987-01-01", "", "", "", ""],
        ["钱丽", N2, "1992-01-14", "群众", "本科", C1, "一般", "社区工作者", "5", "招聘", "2005-01-01", "", "", "", ""],
        ["孙军", N3, "1979-08-30", "群众", "本科", C1, "一般", "社区工作者", "5", "招聘", "2005-01-01", "2004-12-31", "", "",
         ""],
        ["李敏", N4, "1985-10-02", "群众", "本科", C1, "一般", "社区工作者", "5", "招聘", "2010-01-01", "", "在岗", "2020-01-01",
         "个人辞职"],
        ["周杰", N5, "1995-12-25", "群众", "本科", C1, "一般", "社区工作者", "5", "招聘", "85-3-1", "", "", "", ""],
        ["吴静", N6, "1983-01-01", "群众", "本科", C1, "一般", "社区工作者", "5", "招聘", "3/1/2010", "", "", "", ""],
        ["郑磊", N7, "1987-06-15", "群众", "本科", C1, "一般", "社区工作者", "5", "招聘", "2010", "", "", "", ""],
        ["王梅", N8, "1990-03-01", "群众", "本科", C1, "一般", "社区工作者", "5", "招聘", "2015-02-30", "", "", "", ""],
        ["冯雪", pid("370702", "19860101", "118"), "1986-01-01", "群众", "本科", C1, "一般", "社区工作者", "5", "招聘",
         "2010-01-01", "", "", "2020-05-01", "工作调动"],
    ]),
    new=1,
    rejected={2: [("入职日期", "不晚于出生日期")], 3: [("入职日期", "未满 18 周岁")], 4: [("任现职时间", "早于入职日期")],
              5: [("状态", "却填写了离岗日期")], 6: [("入职日期", "两位")], 7: [("入职日期", "日、月顺序")],
              8: [("入职日期", "只有年份")], 9: [("入职日期", "不存在")]},
    stored={"SELECT status::VARCHAR, exit_reason::VARCHAR FROM workers WHERE name = '冯雪'": [("调离", "工作调动")]},
)

# 16–21. Files refused as a whole: nothing matched, a required column missing, empty, binary.
case(name="missing_required_column", table="workers",
     build=lambda: csv_bytes([[h for h in ROSTER_HEAD if h != "公民身份号码"], ["1", "赵强"]]),
     fails="缺少必需的列 「身份证号」", unmapped=True)
case(name="wrong_table", table="workers",
     build=lambda: csv_bytes([["合伙人名称", "类型", "细分类型", "加入日期"], ["超市", "市场主体", "企业", "2024-01-01"]]),
     fails="找不到「社区工作者」的表头")
case(name="empty_file", table="workers", build=lambda: b"", fails="文件是空的")
case(name="header_only", table="workers", build=lambda: csv_bytes([ROSTER_HEAD]), new=0)
case(name="png_bytes", table="workers", file_name="photo.png",
     build=lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, fails="不是文本文件")
case(name="corrupt_xlsx", table="workers", file_name="坏.xlsx",
     build=lambda: b"PK\x03\x04" + b"\x00garbage" * 100, fails="无法读取这个Excel")

# 22. Semicolons as separators.
case(name="semicolon_separated", table="workers",
     build=lambda: csv_bytes([ROSTER_HEAD, roster_row(1, "赵强", "男", N1, "1988-03-05")], delimiter=";"), new=1)

# 23. Blank lines and CRLF: row numbers still point at the right row.
case(
    name="blank_lines_keep_row_numbers", table="workers",
    build=lambda: (
        "\ufeff" + ",".join(ROSTER_HEAD) + "\r\n\r\n"
        + ",".join(map(str, roster_row(1, "赵强", "男", N1, "1988-03-05"))) + "\r\n\r\n\r\n"
        + ",".join(map(str, roster_row(2, "钱丽", "女", N2, "1992-13-14"))) + "\r\n"
    ).encode("utf-8"),
    new=1, rejected={6: [("出生年月", "月份 13 不存在")]},
)

# 24. A cell with a line break inside quotes (Alt+Enter), and a row after it.
case(
    name="quoted_line_break", table="workers",
    build=lambda: csv_bytes([ROSTER_HEAD, roster_row(1, "赵\n强", "男", N1, "1988-03-05"),
                             roster_row(2, "钱丽", "女", N2, "1992-13-14")]),
    rejected={2: [("姓名", "换行符")], 3: [("出生年月", "月份 13")]},
)

# 25. Ragged rows: a short row is padded, a row with a value beyond the header keeps it visible.
case(
    name="ragged_rows", table="workers",
    build=lambda: (",".join(ROSTER_HEAD) + "\n" + ",".join(map(str, roster_row(1, "赵强", "男", N1, "1988-03-05")))
                   + ",调入\n" + ",".join(map(str, roster_row(2, "钱丽", "女", N2, "1992-01-14")[:13])) + "\n").encode(),
    new=1, rejected={3: [("入职时间", "必填项为空")]}, notices=["第 15 列没有列名，其中 1 个单元格有内容，未导入"],
)

# 26. Full-width characters and spaces in headers and values; notes in brackets.
case(
    name="full_width_and_spaces", table="workers",
    build=lambda: csv_bytes([
        ["　姓　名　", "性别", "身份证号（必填）", "出生日期*", "政治面貌", "学历", "所属社区", "岗位类别", "职务", "岗位等级",
         "来源", "入职日期"],
        [" 赵强 ", "男 ", chr(ord(N1[0]) + 0xFEE0) + N1[1:], "１９８８－０３－０５", " 中共党员", "本 科", "和平社区 ", "一般社区工作者", "社区专职工作者",
         "１０", "公开招聘", "2012 年 7 月 1 日"],
    ]),
    new=1, stored={"SELECT name, id_number, post_level FROM workers WHERE worker_id > 'W0000003'": [("赵强", N1, 10)]},
)

# 27. Phone numbers as people write them.
case(
    name="phone_formats", table="workers",
    build=lambda: csv_bytes([
        ROSTER_HEAD + ["联系电话"],
        roster_row(1, "赵强", "男", N1, "1988-03-05") + ["138-1234-5678"],
        roster_row(2, "钱丽", "女", N2, "1992-01-14") + ["+86 139 1234 5678"],
        roster_row(3, "孙军", "男", N3, "1979-08-30") + ["1.38123E+10"],
        roster_row(4, "李敏", "女", N4, "1985-10-02") + ["0536-1234567"],
    ]),
    new=2, rejected={4: [("联系电话", "科学计数法")], 5: [("联系电话", "应为11位手机号")]},
    stored={"SELECT phone FROM workers WHERE worker_id > 'W0000003' ORDER BY worker_id": [("13812345678",),
                                                                                          ("13912345678",)]},
)

# 28. Categories that cannot be decided, or are unknown.
case(
    name="ambiguous_categories", table="workers",
    build=lambda: csv_bytes([
        ROSTER_HEAD,
        roster_row(1, "赵强", "男", N1, "1988-03-05", edu="大学"),
        roster_row(2, "钱丽", "女", N2, "1992-01-14", pol="党元"),
        roster_row(3, "孙军", "男", N3, "1979-08-30", role="临时工"),
    ]),
    rejected={2: [("文化程度", "可能是本科或大专")], 3: [("政治面貌", "不是可识别的取值")], 4: [("岗位类别", "不是可识别的取值")]},
)

# --- the other tables ----------------------------------------------------------------------------

case(
    name="regions_with_parents_in_file", table="regions",
    build=lambda: csv_bytes([
        ["区划代码", "区划名称", "层级", "上级区划"],
        ["370705003", "北苑街道", "", ""],
        ["370705003001", "东风社区", "社区", ""],
        ["370705003002", "西岭社区", "", "北苑街道"],
        ["3707050030", "错位社区", "", ""],
        ["370705004", "南苑街道", "社区", ""],
        ["370705004001", "南苑社区", "", ""],
    ]),
    new=3,
    rejected={5: [("区划代码", "2、4、6、9、12 或 15 位")], 6: [("层级", "层级与代码长度不符")], 7: [("上级区划", "有错误")]},
    stored={"SELECT region_id, level::VARCHAR, parent_id FROM regions WHERE region_id LIKE '370705003%' "
            "ORDER BY region_id": [("370705003", "street", "370705"), ("370705003001", "community", "370705003"),
                                   ("370705003002", "community", "370705003")]},
)

case(
    name="population_by_name", table="region_population", mode="upsert",
    build=lambda: csv_bytes([
        ["社区", "年度", "常住人口", "户数"],
        ["和平社区", "2025年", "4,100", "1520"],
        [C4, "2024", "2000", "700"],
        ["大虞街道", "2025", "9000", ""],
        ["光明社区", "2025", "-5", ""],
    ]),
    new=1, unchanged=1,
    rejected={4: [("社区", "是街道/乡镇，不是社区")], 5: [("常住人口", "超出范围")]},
    stored={"SELECT resident_population, households FROM region_population WHERE region_id = '" + C2
            + "' AND year = 2025": [(4100, 1520)]},
)

case(
    name="certificates_by_id_number", table="certificates",
    build=lambda: csv_bytes([
        ["姓名", "身份证号", "证书等级", "取证日期"],
        ["李娜", ID2, "中级", "2020.6"],
        ["王芳", ID3, "初级", "2019-05-01"],
        ["某人", N1, "初级", "2019-05-01"],
        ["张三", ID1, "中级", "2021-05-01"],
        ["张伟", "W0000001", "高级", "2030-01-01"],
    ]),
    new=2,
    rejected={4: [("身份证号", "数据库中没有这名社区工作者")], 5: [("姓名", "不一致")], 6: [("取证日期", "晚于今天")]},
    stored={"SELECT worker_id, level::VARCHAR, obtained_on::VARCHAR FROM certificates ORDER BY 1, 2": [
        ("W0000001", "助理社会工作师", "2015-06-01"), ("W0000002", "社会工作师", "2020-06-01"),
        ("W0000003", "助理社会工作师", "2019-05-01")]},
)

case(
    name="secretary_grades_defaults", table="secretary_grades",
    build=lambda: csv_bytes([
        ["人员编号", "年度", "等次", "生效日期"],
        ["W0000002", "2025", "1", ""],
        ["W0000002", "2023", "三等", "2024-03-01"],
        ["W0000002", "2024", "二等", ""],
    ]),
    new=1, unchanged=1, rejected={3: [("生效日期", "不在评定年度内")]}, notices=["当年1月1日"],
    stored={"SELECT year, grade::VARCHAR, effective_from::VARCHAR FROM secretary_grades ORDER BY 1": [
        (2024, "二等", "2024-01-01"), (2025, "一等", "2025-01-01")]},
)

case(
    name="reserve_candidates_derived", table="reserve_candidates",
    build=lambda: csv_bytes([
        ["姓名", "身份证号", "所属社区", "拟任岗位", "入库日期", "出库日期", "状态"],
        ["马超", N5, "光明社区", "正职人选", "2025-01-10", "", ""],
        ["牛犇", N7, "光明社区", "两委", "2025-01-10", "2024-01-01", "已出库"],
        ["杨帆", N3, "光明社区", "副职", "2025-01-10", "", "已使用"],
    ]),
    new=1, rejected={3: [("出库日期", "早于入库日期")], 4: [("出库日期", "没有出库日期")]},
    stored={"SELECT candidate_id, gender::VARCHAR, birth_date::VARCHAR, target_post::VARCHAR, status::VARCHAR "
            "FROM reserve_candidates WHERE name = '马超'": [("R000002", "男", "1995-12-25", "正职", "在库")]},
)

case(
    name="trainings_auto_ids", table="trainings",
    build=lambda: csv_bytes([
        ["姓名", "身份证号", "培训项目", "培训日期", "学时", "结业情况"],
        ["张伟", ID1, "青雁成长计划", "2024-05-06", "16学时", "通过"],
        ["李娜", ID2, "头雁领航工程", "2024-06-01", "8.5", "优秀"],
        ["王芳", ID3, "专题班", "2024-07-01", "0", "合格"],
        ["王芳", ID3, "专题班", "2024-07-01", "600", "合格"],
        ["王芳", ID3, "专题班", "2024-07-01", "8.25", "合格"],
    ]),
    new=2, rejected={4: [("学时", "超出范围")], 5: [("学时", "超出范围")], 6: [("学时", "小数超过 1 位")]},
    notices=["已自动编号"],
    stored={"SELECT training_id, worker_id, programme::VARCHAR, hours::VARCHAR, result::VARCHAR FROM trainings "
            "ORDER BY 1": [(1, "W0000001", "适岗初任", "16.0", "合格"), (2, "W0000001", "青雁成长", "16.0", "合格"),
                           (3, "W0000002", "头雁领航", "8.5", "优秀")]},
)

case(
    name="assessments_scores", table="assessments",
    build=lambda: csv_bytes([
        ["人员编号", "姓名", "年度", "平时考核", "年度考核", "服务对象评价", "考核等次"],
        ["W0000002", "李娜", "2024", "90", "92.5", "95", "优秀"],
        ["W0000003", "王芳", "2024", "101", "80", "80", "称职"],
        ["W0000003", "王芳", "2023", "85.55", "80", "80", "称职"],
        ["W0000003", "王芳", "2022", "85", "80", "", "合格"],
    ]),
    new=1,
    rejected={3: [("平时考核", "超出范围")], 4: [("平时考核", "小数超过 1 位")], 5: [("服务对象评价", "必填项为空"),
                                                                               ("考核等次", "不是可识别的取值")]},
    notices=["岗位类别为空"],
    stored={"SELECT role_category::VARCHAR, annual_score::VARCHAR FROM assessments WHERE worker_id = 'W0000002'": [
        ("社区正职", "92.5")]},
)

case(
    name="partners_types", table="partners", file_name="合伙人.xlsx",
    build=lambda: xlsx_bytes({"合伙人": [
        ["合伙人名称", "类型", "细分类型", "加入日期", "退出日期"],
        ["街角书店", "", "爱心商铺", dt.date(2025, 3, 1), None],
        ["青年志愿队", "社会组织", "志愿服务队", "2025-04-01", None],
        ["某企业", "机关单位", "企业", "2025-04-01", None],
        ["老年协会", "社会力量", "行业协会", "2025-04-01", "2025-01-01"],
    ]}),
    new=2, rejected={4: [("细分类型", "不属于「机关单位」")], 5: [("退出日期", "早于加入日期")]},
    stored={"SELECT partner_id, type::VARCHAR FROM partners WHERE partner_id > 'P000002' ORDER BY 1": [
        ("P000003", "市场主体"), ("P000004", "社会力量")]},
)

case(
    name="partner_communities_by_name", table="partner_communities",
    build=lambda: csv_bytes([
        ["合伙人", "服务社区"],
        ["区残联", "和平社区"],
        ["P000001", C1],
        ["区残联", "光明社区"],
        ["区残联", "光明社区"],
        ["不存在的单位", "光明社区"],
    ]),
    new=1, unchanged=1,
    rejected={4: [("服务社区", "与第 5 行重复")], 5: [("服务社区", "与第 4 行重复")], 6: [("合伙人", "找不到合伙人")]},
)

case(
    name="partner_evaluations_weights", table="partner_evaluations",
    build=lambda: csv_bytes([
        ["合伙人", "年度", "季度", "居民评价", "社区考核", "行业评议", "居民评价权重", "社区考核权重", "行业评议权重", "综合得分"],
        ["P000001", "2025", "一季度", "90", "80", "85", "", "", "", ""],
        ["P000001", "2025", "Q2", "90", "80", "85", "40%", "35%", "25%", "85.25"],
        ["P000002", "2025", "第3季度", "90", "80", "85", "0.5", "0.3", "0.3", ""],
        ["P000002", "2025", "4", "90", "80", "85", "", "", "", "80"],
        ["P000002", "2025", "五", "90", "80", "85", "", "", "", ""],
    ]),
    new=2,
    rejected={4: [("居民评价权重", "三项权重之和不等于 1")], 5: [("综合得分", "不符")], 6: [("季度", "不是季度")]},
    stored={"SELECT quarter, total_score::VARCHAR FROM partner_evaluations WHERE year = 2025 ORDER BY 1": [
        (1, "85.25"), (2, "85.25")]},
)

case(
    name="issues_status", table="livelihood_issues",
    build=lambda: csv_bytes([
        ["社区", "问题类别", "来源", "提出日期", "解决日期", "办理状态", "承办合伙人"],
        ["和平社区", "环境卫生", "12345", "2025-03-01", "2025-03-05", "", "区残联"],
        ["和平社区", "停车交通", "网格员走访", "2025-03-01", "", "处理中", ""],
        ["和平社区", "其它", "联席会", "2025-03-01", "2025-02-01", "", ""],
        ["和平社区", "环境卫生", "12345", "2025-03-01", "", "", ""],
        ["和平社区", "环境卫生", "12345", "2025-03-01", "", "已办结", "不存在单位"],
    ]),
    new=2,
    rejected={4: [("解决日期", "早于提出日期")], 5: [("办理状态", "必填项为空")],
              6: [("办理状态", "没有解决日期"), ("承办合伙人", "找不到合伙人")]},
    stored={"SELECT issue_id, source::VARCHAR, status::VARCHAR, partner_id FROM livelihood_issues ORDER BY 1": [
        (1, "网格走访", "已解决", "P000001"), (2, "12345热线", "已解决", "P000002"), (3, "网格走访", "办理中", None)]},
)

case(
    name="wishes_status", table="wishes",
    build=lambda: csv_bytes([
        ["社区", "心愿类别", "提出日期", "认领日期", "完成日期", "认领合伙人", "状态"],
        ["光明社区", "老年人", "2025-01-01", "2025-01-05", "", "P000001", ""],
        ["光明社区", "儿童", "2025-01-01", "", "2025-01-09", "", ""],
        ["光明社区", "困难群众", "2025-01-01", "2025-01-05", "2025-01-09", "", "待认领"],
        ["光明社区", "一困", "2025-01-01", "", "", "", ""],
    ]),
    new=2, rejected={3: [("完成日期", "有完成日期但没有认领日期")], 4: [("状态", "与日期不符")]},
    stored={"SELECT wish_group::VARCHAR, status::VARCHAR FROM wishes WHERE wish_id > 1 ORDER BY wish_id": [
        ("一老", "已认领"), ("一困", "待认领")]},
)

case(
    name="point_accounts_phones", table="point_accounts",
    build=lambda: csv_bytes([
        ["户主姓名", "所属社区", "联系电话", "开户日期"],
        ["孙七", "和平社区", "13612345678", "2025-01-01"],
        ["周八", "和平社区", "12345", "2025-01-01"],
    ]),
    new=1, rejected={3: [("联系电话", "应为11位手机号")]},
    stored={"SELECT account_id, community_id FROM point_accounts ORDER BY 1": [("A00000001", C1), ("A00000002", C2)]},
)

case(
    name="points_ledger_accounts", table="points_ledger",
    build=lambda: csv_bytes([
        ["账户编号", "日期", "积分", "事项", "社区"],
        ["A00000001", "2025-01-02", "+20", "志愿服务", ""],
        ["A00000001", "2025-01-03", "−15", "兑换大米", "幸福社区"],
        ["A00000001", "2025-01-04", "10", "议事协商", "和平社区"],
        ["A00000009", "2025-01-04", "10", "议事协商", ""],
        ["A00000001", "2025-01-04", "0", "议事协商", ""],
        ["A00000001", "2023-12-31", "5", "早于开户", ""],
    ]),
    new=1,
    rejected={3: [("社区", "有 2 个社区名为「幸福社区」")], 4: [("社区", "与账户所属社区")],
              5: [("账户编号", "数据库中没有这个账户")], 6: [("积分", "不能为 0")], 7: [("日期", "早于账户开户日期")]},
    notices=["已取账户所属社区"],
    stored={"SELECT entry_id, community_id, points FROM points_ledger ORDER BY 1": [(1, C1, 10), (2, C1, 20)]},
)

# Replace mode: the table becomes the file (the evaluation of P000001 for 2024Q4 is deleted).
case(
    name="replace_evaluations", table="partner_evaluations", mode="replace",
    build=lambda: csv_bytes([
        ["合伙人", "年度", "季度", "居民评价", "社区考核", "行业评议"],
        ["P000002", "2025", "1", "80", "80", "80"],
    ]),
    new=1, deleted=1,
    stored={"SELECT partner_id, year, quarter FROM partner_evaluations": [("P000002", 2025, 1)]},
)

# --- version 6: grids, the new tables, partners' recruitment channel ----------------------------------

case(
    name="regions_grids", table="regions",
    build=lambda: csv_bytes([
        ["区划代码", "区划名称", "层级", "上级区划", "小区（网格）党支部"],
        [C2 + "002", "第二网格", "", "", "和平社区第二网格党支部"],
        [C4 + "002", "光明苑二网格", "网格", "光明社区", ""],
        ["370705003001001", "无主网格", "", "", ""],
        [C1 + "01", "十四位码", "", "", ""],
        [C3, "幸福社区", "社区", "", "某党支部"],
    ]),
    new=2,
    rejected={4: [("上级区划", "网格的上级应是社区")], 5: [("区划代码", "12 或 15 位")],
              6: [("小区（网格）党支部", "只有网格填写")]},
    stored={"SELECT region_id, level::VARCHAR, parent_id, party_branch FROM regions WHERE region_id IN "
            f"('{C2}002', '{C4}002') ORDER BY 1": [(C2 + "002", "grid", C2, "和平社区第二网格党支部"),
                                                 (C4 + "002", "grid", C4, None)]},
)

# A roster naming grids by name (looked up within the row's community) and by code; grids of another
# community are refused with the row, the column and where the grid really is.
case(
    name="workers_grids", table="workers",
    build=lambda: csv_bytes([
        ROSTER_HEAD + ["网格"],
        roster_row(1, "赵强", "男", N1, "1988-03-05") + ["第一网格"],
        roster_row(2, "钱丽", "女", N2, "1992-01-14", comm="大虞街道/幸福社区") + [G2],
        roster_row(3, "孙军", "男", N3, "1979-08-30") + [""],
        roster_row(4, "李敏", "女", N4, "1985-10-02") + ["第二网格"],
        roster_row(5, "周杰", "男", N5, "1995-12-25", comm="光明社区") + [G1],
        roster_row(6, "吴静", "女", N6, "1983-01-01", comm="梨园街道/幸福社区") + ["第一网格"],
    ]),
    new=3,
    rejected={5: [("网格", "网格「第二网格」不在本行的社区「和平社区」，而在「大虞街道幸福社区」")],
              6: [("网格", f"网格 {G1}（第一网格）不在本行的社区「光明社区」，它属于「大虞街道幸福社区」")],
              7: [("网格", "不在本行的社区「幸福社区」，而在「大虞街道和平社区、大虞街道幸福社区」")]},
    stored={"SELECT name, community_id, grid_id FROM workers WHERE worker_id > 'W0000003' ORDER BY worker_id": [
        ("赵强", C2, G3), ("钱丽", C1, G2), ("孙军", C2, None)]},
)

case(
    name="issues_grids", table="livelihood_issues",
    build=lambda: csv_bytes([
        ["所属街道", "社区", "所属网格", "问题类别", "来源", "提出日期", "办理状态"],
        ["大虞街道", "幸福社区", "第二网格", "环境卫生", "走访", "2025-03-01", "待处理"],
        ["梨园街道", "光明社区", G4, "停车交通", "12345", "2025-03-02", "待处理"],
        ["梨园街道", "光明社区", "370705002002009", "停车交通", "12345", "2025-03-02", "待处理"],
        ["大虞街道", "和平社区", C2, "停车交通", "12345", "2025-03-02", "待处理"],
    ]),
    new=2, rejected={4: [("所属网格", "网格代码 370705002002009 不存在")], 5: [("所属网格", "是社区，不是网格")]},
    stored={"SELECT issue_id, community_id, grid_id, status::VARCHAR FROM livelihood_issues WHERE issue_id > 1 "
            "ORDER BY 1": [(2, C1, G2, "待办理"), (3, C4, G4, "待办理")]},
)

case(
    name="partners_channels", table="partners",
    build=lambda: csv_bytes([
        ["合伙人名称", "细分类型", "加入日期", "招募渠道"],
        ["街角书店", "爱心商铺", "2025-03-01", "线上"],
        ["青年志愿队", "志愿服务队", "2025-04-01", "线下走访"],
        ["老年协会", "行业协会", "2025-04-01", ""],
        ["某企业", "企业", "2025-04-01", "电话"],
    ]),
    new=3, rejected={5: [("招募渠道", "不是可识别的取值")]},
    stored={"SELECT partner_id, recruitment_channel::VARCHAR FROM partners ORDER BY 1": [
        ("P000001", "线下挖掘"), ("P000002", None), ("P000003", "线上招募"), ("P000004", "线下挖掘"), ("P000005", None)]},
)

case(
    name="party_households_grids", table="party_households",
    build=lambda: csv_bytes([
        ["所属社区", "网格", "户主姓名", "联系户数", "设立日期", "撤销日期"],
        ["和平社区", "第一网格", "周大爷", "15户", "2025-03-01", ""],
        ["", G4, "吴阿姨", "", "2025年4月", ""],
        ["和平社区", "第二网格", "郑叔", "5", "2025-03-01", ""],
        ["光明社区", "光明苑网格", "钱婶", "600", "2025-03-01", ""],
        ["光明社区", "光明苑网格", "冯姐", "5", "2025-05-01", "2025-04-01"],
    ]),
    new=2,
    rejected={4: [("网格", "不在本行的社区「和平社区」")], 5: [("联系户数", "超出范围")], 6: [("撤销日期", "早于设立日期")]},
    notices=["已取网格所属的社区", "按 0 记录"],
    stored={"SELECT household_id, grid_id, community_id, linked_households, designated_on::VARCHAR FROM party_households "
            "ORDER BY 1": [("H000001", G1, C1, 12, "2024-06-01"), ("H000002", G3, C2, 15, "2025-03-01"),
                           ("H000003", G4, C4, 0, "2025-04-01")]},
)

case(
    name="service_supplies_defaults", table="service_supplies",
    build=lambda: csv_bytes([
        ["服务项目", "合伙人", "提供单位", "服务类别", "服务容量", "开始日期", "结束日期", "清单类型"],
        ["四点半课堂", "区残联", "", "课业辅导", "60人", "2025-03-01", "", ""],
        ["法律明白人", "", "区司法局", "普法", "100", "2025-01-01", "", "十进社区"],
        ["上门理发", "", "", "家政", "50", "2025-01-01", "", ""],
        ["盲人按摩", "", "盲人按摩店", "推拿", "10", "2025-01-01", "", "服务清单"],
        ["义诊", "", "区医院", "医疗", "10", "2025-05-01", "2025-04-01", "服务清单"],
    ]),
    new=2,
    rejected={4: [("提供单位", "必填项为空"), ("清单类型", "必填项为空")], 5: [("服务类别", "不是可识别的取值")],
              6: [("结束日期", "早于开始日期")]},
    notices=["已取合伙人名称", "按服务供给清单记录"],
    stored={"SELECT supply_id, list::VARCHAR, partner_id, provider_name, category::VARCHAR, capacity FROM "
            "service_supplies WHERE supply_id > 'S000002' ORDER BY 1": [
                ("S000003", "服务供给清单", "P000002", "区残联", "课业辅导", 60),
                ("S000004", "社区服务清单", None, "区司法局", "法律咨询", 100)]},
)

case(
    name="supply_communities_by_name", table="supply_communities",
    build=lambda: csv_bytes([
        ["服务项目", "服务社区"],
        ["爱心助餐", "和平社区"],
        ["S000002", "光明社区"],
        ["S000001", C1],
        ["不存在的项目", "和平社区"],
    ]),
    new=2, unchanged=1, rejected={5: [("服务项目", "找不到服务项目「不存在的项目」")]},
)

# 居民需求清单: an unknown need category, met before matched, a grid of another community.
case(
    name="resident_needs_rules", table="resident_needs",
    build=lambda: csv_bytes([
        ["社区", "网格", "需求群体", "需求类别", "需求来源", "提出日期", "匹配日期", "满足日期", "匹配服务项目", "状态"],
        ["和平社区", "第一网格", "老年人", "助餐", "走访", "2025-03-01", "2025-03-03", "", "爱心助餐", ""],
        ["光明社区", "", "儿童", "四点半课堂", "问卷", "2025-03-02", "", "", "", ""],
        ["和平社区", "", "一困", "剪指甲", "来访", "2025-03-02", "", "", "", ""],
        ["和平社区", "", "一老", "医疗", "来访", "2025-03-02", "2025-03-10", "2025-03-05", "", ""],
        ["光明社区", "第一网格", "一老", "医疗", "来访", "2025-03-02", "", "", "", ""],
        ["和平社区", "", "一老", "医疗", "来访", "2025-03-02", "", "2025-03-05", "", ""],
        ["和平社区", "", "一老", "医疗", "来访", "2025-03-02", "2025-03-04", "", "", "已满足"],
    ]),
    new=2,
    rejected={4: [("需求类别", "「剪指甲」不是可识别的取值")], 5: [("满足日期", "满足日期早于匹配日期")],
              6: [("网格", "网格「第一网格」不在本行的社区「光明社区」")], 7: [("满足日期", "有满足日期但没有匹配日期")],
              8: [("状态", "与日期不符")]},
    stored={"SELECT need_id, community_id, grid_id, need_group::VARCHAR, category::VARCHAR, source::VARCHAR, "
            "supply_id, status::VARCHAR FROM resident_needs WHERE need_id > 1 ORDER BY 1": [
                (2, C2, G3, "一老", "助餐服务", "网格走访", "S000001", "已匹配"),
                (3, C4, None, "一小", "课业辅导", "问卷调查", None, "待匹配")]},
)

case(
    name="studios_leaders", table="studios",
    build=lambda: csv_bytes([
        ["工作室名称", "所在社区", "领办人编号", "成立日期", "撤销日期"],
        ["王芳书记工作室", "梨园街道幸福社区", ID3, "2025-01-10", ""],
        ["空壳工作室", "光明社区", "W0000099", "2025-01-01", ""],
    ]),
    new=1, rejected={3: [("领办人编号", "数据库中没有这名社区工作者")]},
    stored={"SELECT studio_id, community_id, leader_id FROM studios ORDER BY 1": [
        ("T0001", C2, "W0000002"), ("T0002", C3, "W0000003")]},
)

case(
    name="shadow_placements_people", table="shadow_placements",
    build=lambda: csv_bytes([
        ["后备人选", "社区工作者编号", "实训工作室", "跟班社区", "批次", "开始日期", "结束日期"],
        ["刘洋", "", "李娜书记工作室", "", "2", "2025-03-01", "2025-05-31"],
        ["", "W0000001", "", "光明社区", "2", "2025-03-01", ""],
        ["", "", "", "光明社区", "2", "2025-03-01", ""],
        ["张三", "", "", "光明社区", "2", "2025-03-01", ""],
    ]),
    new=2, rejected={4: [("后备人选", "没有后备人选，也没有社区工作者")], 5: [("后备人选", "找不到后备人选「张三」")]},
    notices=["已取实训工作室所在社区"],
    stored={"SELECT placement_id, candidate_id, worker_id, studio_id, host_community_id, batch FROM shadow_placements "
            "ORDER BY 1": [(1, "R000001", None, "T0001", C2, 1), (2, "R000001", None, "T0001", C2, 2),
                           (3, None, "W0000001", None, C4, 2)]},
)

case(
    name="salons_regions", table="salons",
    build=lambda: csv_bytes([
        ["沙龙主题", "举办街道", "举办日期", "参加人数"],
        ["物业矛盾怎么调", "梨园街道", "2025-04-18", "36人"],
        ["议事规则", "奎文区", "2025-05-01", "50"],
        ["社区小议", "和平社区", "2025-05-01", "10"],
    ]),
    new=2, rejected={4: [("举办街道", "按区县或街道举办")]},
    stored={"SELECT salon_id, region_id, attendance FROM salons ORDER BY 1": [
        (1, "370705001", 40), (2, "370705002", 36), (3, "370705", 50)]},
)

case(
    name="rotations_kinds", table="rotations",
    build=lambda: csv_bytes([
        ["姓名", "身份证号", "锻炼方式", "锻炼社区", "锻炼岗位", "开始日期", "结束日期"],
        ["张伟", ID1, "", "光明社区", "副主任", "2025-03-01", ""],
        ["李娜", ID2, "跨岗位", "", "综治专干", "2025-03-01", "2025-06-30"],
        ["王芳", ID3, "跨社区", "梨园街道/幸福社区", "", "2025-03-01", ""],
    ]),
    new=2, rejected={4: [("锻炼社区", "跨社区锻炼，锻炼社区却是本人所在的社区")]},
    notices=["已取本人所在社区", "已按锻炼社区与本人社区确定"],
    stored={"SELECT rotation_id, worker_id, kind::VARCHAR, host_community_id, host_post FROM rotations ORDER BY 1": [
        (1, "W0000003", "跨社区", C4, "社区副主任"), (2, "W0000001", "跨社区", C4, "副主任"),
        (3, "W0000002", "跨岗位", C2, "综治专干")]},
)

case(
    name="training_resources_kinds", table="training_resources",
    build=lambda: csv_bytes([
        ["资源类型", "名称", "所在区划", "师资人数", "设立日期"],
        ["教学点", "光明社区现场教学点", "光明社区", "", "2025-01-01"],
        ["讲师团", "奎文区讲师团", "奎文区", "25人", "2024-06-01"],
        ["合作院校", "潍坊学院", "奎文区", "30", "2024-01-01"],
        ["现场教学点", "大虞街道教学点", "大虞街道", "", "2025-01-01"],
    ]),
    new=2, rejected={4: [("师资人数", "只有师资库填写")], 5: [("所在区划", "现场教学点设在社区")]},
    stored={"SELECT resource_id, kind::VARCHAR, region_id, members FROM training_resources ORDER BY 1": [
        ("J00001", "现场教学点", C2, None), ("J00002", "现场教学点", C4, None), ("J00003", "师资库", "370705", 25)]},
)

case(
    name="competency_dimensions_model", table="competency_dimensions", mode="upsert",
    build=lambda: csv_bytes([
        ["维度编号", "维度名称", "英文名称", "显示顺序", "薄弱线", "对应培训"],
        ["political", "政治素质", "Political integrity", "1", "65", "头雁领航工程"],
        ["innovation", "创新能力", "", "7", "", "治理沙龙"],
        ["bad id!", "坏编号", "", "8", "60", ""],
    ]),
    new=1, updated=1, rejected={4: [("维度编号", "格式不对")]}, notices=["已用维度编号", "按 60 分记录"],
    stored={"SELECT dimension_id, name_en, display_order, threshold::VARCHAR, programme::VARCHAR FROM "
            "competency_dimensions WHERE dimension_id IN ('political', 'innovation') ORDER BY 1": [
                ("innovation", "innovation", 7, "60.0", "治理沙龙"), ("political", "Political integrity", 1, "65.0", "头雁领航")]},
)

case(
    name="competency_scores_dimensions", table="competency_scores",
    build=lambda: csv_bytes([
        ["姓名", "身份证号", "测评维度", "测评日期", "得分"],
        ["张伟", ID1, "政治素质", "2025-06-15", "82"],
        ["张伟", ID1, "群众工作", "2025-06-15", "58.5"],
        ["李娜", ID2, "领导力", "2025-06-15", "80"],
        ["李娜", ID2, "political", "2025-06-15", "101"],
    ]),
    new=2, rejected={4: [("测评维度", "找不到测评维度「领导力」")], 5: [("得分", "超出范围")]},
    stored={"SELECT dimension_id, score::VARCHAR FROM competency_scores WHERE assessed_on = '2025-06-15' ORDER BY 1": [
        ("mass_work", "58.5"), ("political", "82.0")]},
)

case(
    name="secondments_borrowers", table="secondments",
    build=lambda: csv_bytes([
        ["人员编号", "借调单位", "单位类型", "借调开始日期", "借调结束日期"],
        ["W0000002", "大虞街道办事处", "", "2025-02-01", ""],
        ["W0000003", "区委组织部", "", "2025-03-01", "2025-06-30"],
        ["W0000001", "某公司", "", "2025-01-01", ""],
        ["W0000001", "区民政局", "区直部门", "2025-05-01", "2025-04-01"],
    ]),
    new=2, rejected={4: [("单位类型", "必填项为空")], 5: [("借调结束日期", "早于开始日期")]},
    notices=["已按借调单位名称判断"],
    stored={"SELECT secondment_id, worker_id, borrower_kind::VARCHAR FROM secondments ORDER BY 1": [
        (1, "W0000001", "区直部门"), (2, "W0000002", "街道"), (3, "W0000003", "区直部门")]},
)

case(
    name="assessment_outcomes_kinds", table="assessment_outcomes",
    build=lambda: csv_bytes([
        ["人员编号", "姓名", "年度", "运用方式", "决定日期"],
        ["W0000001", "张伟", "2024", "续聘", "2025-01-20"],
        ["W0000003", "王芳", "2024年", "诫勉", "2025-02-01"],
        ["W0000002", "李娜", "2025", "绩效工资", "2024-12-01"],
        ["W0000001", "张伟", "2024", "表扬", "2025-01-20"],
    ]),
    new=2, rejected={4: [("决定日期", "早于考核年度")], 5: [("运用方式", "不是可识别的取值")]},
    stored={"SELECT worker_id, year, outcome::VARCHAR FROM assessment_outcomes ORDER BY 1, 3": [
        ("W0000001", 2024, "绩效工资"), ("W0000001", 2024, "续聘"), ("W0000003", 2024, "诫勉谈话")]},
)
