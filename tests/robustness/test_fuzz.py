"""Fuzz: hundreds of generated hostile and malformed files through the import path.

Every file goes through importer.preview and importer.import_file on one database. Required and
asserted: nothing but ImportFailed ever leaves the importer, no ImportFailed is the catch-all
"内部错误" (an unhandled exception in disguise), every rejection names its reason, nothing is
written, and afterwards every table (data, import log, undo records, dataset_info) holds exactly the
rows it held before. Files whose hostile text is legitimately data (SQL-looking or formula-looking
names) are loaded on a second copy: the text is stored verbatim, and undo restores every data table.
Files mixing good and bad rows are loaded there with accept_valid: exactly the valid rows, or none.

Run `pytest tests/test_robust_fuzz.py -s` to see the figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import shutil
import zipfile
from collections import Counter
from dataclasses import dataclass

import pytest
import xlsxwriter

import cli
from cgw.ingest import importer
from cgw.outputs import dataset_export
from cgw.storage import database
from tests.support import import_corpus as corpus
from tests.support import robust as robust_support

SEED = 20240601
WIDE = "10,000 columns"
# The stored columns' headers (职务 as written, its category following from it): rows are built in this order.
WORKERS_H = [c.header_zh for c in importer.spec("workers").stored_columns if c.name != "post_title"]
WISHES_H = [c.header_zh for c in importer.spec("wishes").stored_columns]
COMMUNITIES = (corpus.C1, corpus.C2, corpus.C3, corpus.C4)
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国红梅海燕志丹玉兰晓东"


@dataclass
class FuzzCase:
    category: str
    table: str
    data: bytes
    file_name: str = "hostile.csv"
    mode: str = "append"
    sheet: str | None = None
    may_load: bool = False  # hostile-looking text that is valid data (loaded on the scratch copy)
    mixed: bool = False  # good rows and bad rows: accept_valid loads exactly the good ones
    notice: str | None = None  # a fragment the result's notices must contain when rows load


# --- valid material --------------------------------------------------------------------------------


def worker_rows(rng: random.Random, n: int, start: int) -> list[list[str]]:
    """`n` valid new workers (IDs W2xxxxxx, valid ID numbers) for the corpus base database."""
    rows = []
    for i in range(n):
        male = rng.random() < 0.5
        year, month, day = rng.randint(1965, 1999), rng.randint(1, 12), rng.randint(1, 28)
        birth = f"{year}{month:02d}{day:02d}"
        seq = f"{rng.randint(0, 99):02d}{rng.choice('13579') if male else rng.choice('02468')}"
        rows.append([
            f"W{2000000 + start + i}", rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)]),
            "男" if male else "女", corpus.pid("370705", birth, seq), f"{year}-{month:02d}-{day:02d}", "汉族",
            rng.choice(["中共党员", "群众"]), rng.choice(["本科", "大专", "研究生"]), rng.choice(COMMUNITIES),
            "一般社区工作者", "社区专职工作者", str(rng.randint(9, 11)), "公开招聘", "2018-07-01", "2018-07-01", "在岗",
            "", "", f"139{rng.randint(10_000_000, 99_999_999)}",
        ])  # fmt: skip
    return rows


def wish_rows(rng: random.Random, n: int) -> list[list[str]]:
    return [["", rng.choice(COMMUNITIES), rng.choice(["一老", "一小", "一困"]), "2024-03-01", "2024-03-02",
             "2024-03-05", "P000001", "已完成"] for _ in range(n)]


def text(rows: list[list[object]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in r] for r in rows])
    return out.getvalue().encode(encoding)


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member with a fixed date: else the bytes carry the current second."""
    return zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))


def xlsx(rows: list[list[object]], formulas: dict[tuple[int, int], tuple[str, object]] | None = None,
         sheets: int = 1) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": dt.datetime(2026, 1, 1)})  # else the bytes carry the current second
    for s in range(sheets):
        ws = wb.add_worksheet(f"Sheet{s + 1}")
        for r, row in enumerate(rows if s == 0 else []):
            for c, v in enumerate(row):
                if (r, c) in (formulas or {}):
                    formula, cached = formulas[(r, c)]
                    ws.write_formula(r, c, formula, None, cached)
                elif v not in (None, ""):
                    ws.write_string(r, c, str(v))
    wb.close()
    return buf.getvalue()


def valid_export(con) -> dict[str, bytes]:
    """Every table of the base database as a valid CSV with the template's Chinese headers."""

    out = {}
    for key, df in dataset_export.export_frames(con).items():
        table = key.split("_", 1)[1]
        buf = io.StringIO()
        df.to_csv(buf, index=False, lineterminator="\r\n")
        out[table] = ("\ufeff" + buf.getvalue()).encode("utf-8")
    return out


# --- the hostile corpus ----------------------------------------------------------------------------


def build_cases(exports: dict[str, bytes]) -> list[FuzzCase]:
    rng = random.Random(SEED)
    tables = [s.name for s in importer.TABLES]
    cases: list[FuzzCase] = []
    add = cases.append

    def roster(n: int = 4, start: int = 0) -> list[list[str]]:
        return [list(WORKERS_H), *worker_rows(rng, n, start)]

    # Random bytes, binary and text-like.
    for i in range(16):
        n = rng.choice([1, 3, 64, 1000, 4096, 70_000, 300_000])
        add(FuzzCase("random bytes", rng.choice(tables), rng.randbytes(n), f"random_{i}.csv", rng.choice(["append", "upsert", "replace"])))
    alphabet = 'abc,;\t|"\'\r\n 0123456789姓名身份证号社区-/.'
    for i in range(10):
        junk = "".join(rng.choice(alphabet) for _ in range(rng.choice([10, 500, 20_000])))
        add(FuzzCase("random text", rng.choice(tables), junk.encode("utf-8"), f"junk_{i}.csv", rng.choice(["append", "replace"])))

    # Truncated UTF-8: the file ends inside a multi-byte character of a data row.
    for i in range(14):
        rows = roster(rng.randint(1, 6), 100 + i * 10)
        data = text(rows)
        row_start = data.index(rows[-1][0].encode())  # the last row
        cut_char = data.index(rows[-1][1][0].encode(), row_start)  # first character of the name
        add(FuzzCase("truncated UTF-8", "workers", data[: cut_char + rng.choice([1, 2])], f"truncated_{i}.csv",
                     rng.choice(["append", "upsert"])))
    for i in range(4):  # cut inside the header
        data = text(roster(3, 200 + i * 10))
        add(FuzzCase("truncated UTF-8", "workers", data[: rng.randint(5, 40)], f"truncated_head_{i}.csv"))

    # Mixed encodings in one file: UTF-8 header, rows in GBK, UTF-16 and latin-1.
    for i in range(12):
        rows = roster(4, 300 + i * 10)
        parts = [text([rows[0]], "utf-8")]
        for r in rows[1:]:
            enc = rng.choice(["utf-8", "gbk", "utf-16-le", "big5", "shift_jis"])
            try:
                parts.append(text([r], enc))
            except UnicodeEncodeError:
                parts.append(text([r], "gb18030"))
        if all(p[:1] != b"\x00" for p in parts) and i % 2 == 0:
            parts.insert(2, "\u00e9\u00e8,caf\u00e9\r\n".encode("latin-1"))
        rng.shuffle(parts[1:])
        add(FuzzCase("mixed encodings", "workers", b"".join(parts), f"mixed_{i}.csv"))
    for i in range(4):  # GBK header, UTF-8 rows
        rows = roster(3, 400 + i * 10)
        add(FuzzCase("mixed encodings", "workers", text(rows[:1], "gbk") + text(rows[1:], "utf-8"), f"mixed_gbk_head_{i}.csv"))

    # NUL bytes anywhere.
    for i in range(12):
        data = bytearray(text(roster(3, 500 + i * 10)) if i % 2 else text([list(WISHES_H), *wish_rows(rng, 3)]))
        for _ in range(rng.randint(1, 12)):
            data.insert(rng.randrange(len(data)), 0)
        add(FuzzCase("NUL bytes", "workers" if i % 2 else "wishes", bytes(data), f"nul_{i}.csv"))
    add(FuzzCase("NUL bytes", "workers", b"\x00" * 10_000, "all_nul.csv"))

    # 10,000 columns.
    junk_headers = [f"列{i}" for i in range(10_000)]
    add(FuzzCase(WIDE, "workers", text([junk_headers, [str(i) for i in range(10_000)]]), "wide_junk.csv"))
    rows = roster(3, 600)
    wide = [rows[0] + junk_headers[: 10_000 - len(WORKERS_H)]] + [r + ["x"] * (10_000 - len(WORKERS_H)) for r in rows[1:]]
    wide[2][3] = "not an id"  # one bad row: nothing may be written
    add(FuzzCase(WIDE, "workers", text(wide), "wide_roster.csv", mixed=True))
    add(FuzzCase(WIDE, "workers", text([["姓名"] * 10_000, ["张三"] * 10_000]), "wide_same_header.csv"))
    add(FuzzCase(WIDE, "wishes", text([WISHES_H * 1250, ["", corpus.C1] * 5000]), "wide_repeated_headers.csv"))

    # 1 MB cells.
    mb = "社" * 350_000  # 1.05 MB in UTF-8
    for i, col in enumerate([1, 3, 8, 11]):  # name, ID number, community, level
        rows = roster(3, 700 + i * 10)
        rows[2][col] = mb
        add(FuzzCase("1 MB cells", "workers", text(rows), f"big_cell_{i}.csv", mixed=True))
    rows = roster(2, 750)
    rows[0][1] = "姓名" + "x" * 1_000_000
    add(FuzzCase("1 MB cells", "workers", text(rows), "big_header.csv"))
    rows = roster(2, 760)
    rows[1][1] = "张\n" * 300_000  # quoted cell with 300,000 line breaks
    add(FuzzCase("1 MB cells", "workers", text(rows), "big_multiline_cell.csv", mixed=True))

    # Formula cells: in checked columns they are rejected; as a name they are text (loaded verbatim).
    formulas = ["=1+1", "=cmd|' /C calc'!A0", "@SUM(A1:A9)", "+1-1", "=HYPERLINK(\"http://evil.invalid\",\"x\")",
                "-2+3", "=TODAY()", "=A1*10"]
    for i, f in enumerate(formulas):
        rows = roster(3, 800 + i * 10)
        col = [3, 4, 8, 11, 13, 12, 14, 9][i]  # ID, birth, community, level, hire, source, since, role
        rows[1][col] = f
        add(FuzzCase("formula cells", "workers", text(rows), f"formula_{i}.csv", mixed=True))
    for i, f in enumerate(formulas[:4]):
        rows = roster(2, 900 + i * 10)
        rows[1][1] = f
        add(FuzzCase("formula cells", "workers", text(rows), f"formula_name_{i}.csv", may_load=True))
    for i, (cell, formula, cached) in enumerate([
        ((1, 3), "=CONCATENATE(\"3707\",\"05\")", "370705"), ((1, 4), "=TODAY()", 45000), ((1, 11), "=5+5", "十级以上"),
        ((2, 8), "=A1", "W2000950"),
    ]):
        rows = roster(2, 950 + i * 10)
        add(FuzzCase("formula cells", "workers", xlsx(rows, {cell: (formula, cached)}), f"formula_{i}.xlsx", mixed=True))

    # Header only (replace mode: an empty file must never empty a table), template notes only.
    for t in tables:
        add(FuzzCase("header only", t, text([importer.spec(t).headers_zh()]), f"header_only_{t}.csv", "replace"))
    for t in ("workers", "wishes", "regions"):
        add(FuzzCase("header only", t, importer.template_csv(t), f"template_{t}.csv", "replace"))
        add(FuzzCase("header only", t, importer.template_xlsx(t), f"template_{t}.xlsx", "replace"))

    # Empty files.
    for i, data in enumerate([b"", b" ", b"\r\n" * 50, "\ufeff".encode(), b"\xff\xfe", b"\xfe\xff", b"\t\t\t\r\n",
                              b",,,,\r\n,,,,\r\n", "\ufeff\r\n\r\n".encode(), b"\n" * 100_000]):
        add(FuzzCase("empty file", rng.choice(tables), data, f"empty_{i}.csv", rng.choice(["append", "replace"])))

    # Ragged rows: cells missing or extra.
    for i in range(12):
        rows = roster(5, 1000 + i * 10)
        victim = rows[rng.randint(1, 5)]
        if i % 3 == 0:
            del victim[rng.randint(1, 13):]  # 入职日期 (required) and everything after it
        elif i % 3 == 1:
            victim.extend(["多余"] * rng.randint(1, 30))
            del victim[rng.randint(2, 8)]
        else:
            del victim[rng.randint(1, 17)]
        add(FuzzCase("ragged rows", "workers", text(rows), f"ragged_{i}.csv", mixed=True))

    # Duplicate headers (one row is bad, so nothing may be written; with accept_valid the others load
    # and the notices name the duplicate column).
    for i, (a, b) in enumerate([("姓名", "姓名"), ("身份证号", "身份证号"), ("身份证号", "公民身份号码"), ("所属社区", "社区名称"),
                                ("出生日期", "出生年月"), ("人员编号", "人员编号"), ("岗位等级", "岗位等级"), ("性别", "性别")]):
        rows = roster(3, 1200 + i * 10)
        rows[0].append(b)
        for r in rows[1:]:
            r.append(r[WORKERS_H.index(a)] + ("X" if i % 2 else ""))
        rows[3][3] = rows[3][3][:-1] + ("0" if rows[3][3][-1] != "0" else "1")  # a wrong check digit
        add(FuzzCase("duplicate headers", "workers", text(rows), f"dup_header_{i}.csv", mixed=True, notice="对应同一项"))

    # SQL-looking headers and values.
    sql_values = ["'; DROP TABLE workers; --", "1' OR '1'='1", "Robert'); DELETE FROM regions;--", "$1", "?",
                  "\" OR \"\"=\"", "1; ATTACH '/tmp/x.duckdb'", "COPY workers TO '/tmp/leak.csv'", "${as_of}",
                  "'||(SELECT string_agg(id_number, ',') FROM workers)||'"]
    for i, v in enumerate(sql_values):
        rows = roster(2, 1300 + i * 10)
        rows[1][[3, 8, 11, 4, 13][i % 5]] = v  # a checked column: the row is rejected
        add(FuzzCase("SQL values", "workers", text(rows), f"sql_value_{i}.csv", mixed=True))
    for i, v in enumerate(sql_values[:6]):
        rows = roster(2, 1400 + i * 10)
        rows[1][1] = v[:50]  # a free-text name: stored as text
        add(FuzzCase("SQL values", "workers", text(rows), f"sql_name_{i}.csv", may_load=True))
    for i, h in enumerate(["姓名\"; DROP TABLE workers; --", "c0", "line", "raw", "rowid", "\"", "staged", "act",
                           "1=1) OR (1", "身份证号' --"]):
        rows = roster(2, 1500 + i * 10)
        rows[0].insert(0, h)
        for r in rows[1:]:
            r.insert(0, "'); DROP TABLE regions; --")
        if i % 2:
            rows[0][WORKERS_H.index("入职日期") + 1] = h  # a required column loses its name too (学历 is optional)
        add(FuzzCase("SQL headers", "workers", text(rows), f"sql_header_{i}.csv", may_load=not i % 2,
                     notice=None if i % 2 else "未导入"))
    for name in ["'; DROP TABLE workers; --.csv", "../../etc/passwd", "名单\x00.csv", "a" * 5000 + ".csv"]:
        add(FuzzCase("SQL values", "workers", b"\x00\x01\x02garbage", name))

    # Absurd dates and numbers, each in an otherwise valid row.
    absurd_dates = ["0000-00-00", "9999-12-31", "-0001-01-01", "1900-02-29", "2024-13-01", "99999999", "1e9",
                    "2024-02-30", "275760-09-13", "1066-10-14"]
    for i, d in enumerate(absurd_dates):
        rows = roster(3, 1600 + i * 10)
        rows[2][[4, 13, 14][i % 3]] = d
        add(FuzzCase("absurd dates", "workers", text(rows), f"absurd_date_{i}.csv", mixed=True))
    for i, d in enumerate(absurd_dates[:5]):
        rows = [list(WISHES_H), *wish_rows(rng, 3)]
        rows[2][3] = d
        add(FuzzCase("absurd dates", "wishes", text(rows), f"absurd_wish_date_{i}.csv", mixed=True))
    absurd_numbers = ["1e308", "-1", "NaN", "inf", "99999999999999999999", "0x10", "-0", "1e-400", "９９", "10.5"]
    for i, v in enumerate(absurd_numbers):
        rows = roster(3, 1700 + i * 10)
        rows[3][11] = v  # 岗位等级
        add(FuzzCase("absurd numbers", "workers", text(rows), f"absurd_level_{i}.csv", mixed=True))
    pop = [c.header_zh for c in importer.spec("region_population").stored_columns]
    for i, v in enumerate(["1e400", "-5", "NaN", "9223372036854775808", "12.5", "-inf"]):
        add(FuzzCase("absurd numbers", "region_population", text([pop, [corpus.C1, "2023", v, "100"]]),
                     f"absurd_population_{i}.csv"))
    ledger = [c.header_zh for c in importer.spec("points_ledger").stored_columns]
    for i, v in enumerate(["9223372036854775808", "-9223372036854775809", "1e30", "NaN"]):
        add(FuzzCase("absurd numbers", "points_ledger", text([ledger, ["", "A00000001", corpus.C1, "2024-02-02", v, "垃圾分类"]]),
                     f"absurd_points_{i}.csv"))
    evals = [c.header_zh for c in importer.spec("partner_evaluations").stored_columns]
    for i, v in enumerate(["1000%", "-0.4", "NaN", "1e308"]):
        add(FuzzCase("absurd numbers", "partner_evaluations",
                     text([evals, ["P000002", "2024", "4", "90", "80", "85", v, "0.35", "0.25", "85.25", ""]]),
                     f"absurd_weight_{i}.csv"))

    # A valid file of the wrong table.
    pairs = [(a, b) for a in tables for b in tables if a != b]
    for source, target in rng.sample(pairs, 20):
        add(FuzzCase("wrong table", target, exports[source], f"{source}_as_{target}.csv", rng.choice(["append", "upsert", "replace"])))

    # Excel variants.
    good = xlsx(roster(3, 1800))
    for i in range(6):
        add(FuzzCase("xlsx corrupt zip", "workers", good[: rng.randint(4, len(good) - 1)], f"truncated_{i}.xlsx"))
    for i in range(3):
        data = bytearray(good)
        for _ in range(20):
            data[rng.randrange(30, len(data))] = rng.randrange(256)
        add(FuzzCase("xlsx corrupt zip", "workers", bytes(data), f"flipped_{i}.xlsx"))
    add(FuzzCase("xlsx corrupt zip", "workers", b"PK\x03\x04" + rng.randbytes(5000), "pk_random.xlsx"))
    add(FuzzCase("xlsx empty workbook", "workers", xlsx([]), "empty.xlsx"))
    add(FuzzCase("xlsx empty workbook", "workers", xlsx([], sheets=3), "empty_3_sheets.xlsx", "replace"))
    no_sheets = io.BytesIO()
    with zipfile.ZipFile(no_sheets, "w") as z:
        z.writestr(_member("[Content_Types].xml"), '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr(_member("xl/workbook.xml"), '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>')
    add(FuzzCase("xlsx empty workbook", "workers", no_sheets.getvalue(), "no_sheets.xlsx"))
    not_xlsx = io.BytesIO()
    with zipfile.ZipFile(not_xlsx, "w") as z:
        z.writestr(_member("01_workers.csv"), exports["workers"])
    add(FuzzCase("xlsx corrupt zip", "workers", not_xlsx.getvalue(), "dataset_export.zip"))
    add(FuzzCase("xlsx corrupt zip", "workers", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(3000), "garbage.xls"))
    add(FuzzCase("xlsx corrupt zip", "workers", b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument" + rng.randbytes(800), "garbage.ods"))
    add(FuzzCase("xlsx empty workbook", "workers", good, "hostile_sheet.xlsx", sheet="'; DROP TABLE workers; --"))
    add(FuzzCase("xlsx empty workbook", "workers", good, "missing_sheet.xlsx", sheet="不存在的工作表"))

    # Odd text shapes.
    rows = roster(3, 1900)
    rows[2][4] = "1899-13-45"  # old Mac line ends are read; the bad row still blocks the file
    add(FuzzCase("odd text", "workers", text(rows).replace(b"\r\n", b"\r"), "cr_only.csv", mixed=True))
    add(FuzzCase("odd text", "workers", b'"' * 50_000, "quotes.csv"))
    add(FuzzCase("odd text", "workers", ("姓名," * 200_000).encode(), "one_long_line.csv"))
    # Stray quotes before seven header names: the similar names are matched and the analyst told.
    add(FuzzCase("odd text", "workers", text(roster(3, 1910)).replace(b",", b",\"", 7), "stray_quotes.csv",
                 may_load=True, notice="按相近的列名对应了 7 列"))
    add(FuzzCase("odd text", "workers", text(roster(3, 1920), "utf-32"), "utf32.csv"))
    add(FuzzCase("odd text", "workers", b"\xff\xfe" + text(roster(3, 1930), "utf-16-le")[:-1], "utf16_odd.csv"))
    rows = roster(2, 1950)
    rows[2][8] = "不存在的社区"
    add(FuzzCase("odd text", "workers", text(roster(2, 1940)) + "\ufeff".encode() + text(rows[1:]),
                 "bom_in_middle.csv", mixed=True))
    add(FuzzCase("odd text", "workers", text([["\u202e\u200b人员编号"] + WORKERS_H[1:], *worker_rows(rng, 2, 1960)]),
                 "bidi_header.csv", may_load=True))  # invisible characters around a header are tolerated
    emoji = roster(2, 1970)
    emoji[1][8] = "🏠社区\u0301\u0301"
    add(FuzzCase("odd text", "workers", text(emoji), "emoji_community.csv", mixed=True))
    add(FuzzCase("odd text", "workers", text(roster(3, 1980), delimiter="\x1f"), "unit_separator.csv"))
    return cases


# --- running ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return corpus.base_database(tmp_path_factory.mktemp("fuzz") / "base.duckdb")


def _has_reason(message: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]{2,}", message)) and "内部错误" not in message


def _check_result(r, case: FuzzCase, problems: list[str]) -> None:
    """A result (not an exception): its refusal or its rejected rows must be explained."""
    if r.rows_rejected:
        df = r.problems
        if df.empty or (df["reason"].astype(str).str.strip() == "").any():
            problems.append(f"{case.file_name}: rejected rows without reasons")
        elif not _has_reason(" ".join(df["reason"].astype(str).head(50))):
            problems.append(f"{case.file_name}: reasons {df['reason'].head(3).tolist()}")
    if not r.written and not _has_reason(r.summary()) and r.changes:
        problems.append(f"{case.file_name}: refusal without a reason: {r.summary()}")


def test_hostile_files_change_nothing_and_every_rejection_names_its_reason(base, tmp_path):
    watch = robust_support.Stopwatch()
    path = tmp_path / "fuzz.duckdb"
    shutil.copy(base, path)
    con = database.connect(path)
    cases = build_cases(valid_export(con))
    before = robust_support.fingerprints(con)
    figures = Counter()
    reasons: Counter[str] = Counter()
    unhandled, internal, problems, written = [], [], [], []
    hostile = [c for c in cases if not c.may_load and c.category != WIDE]
    for case in hostile:
        for step in ("preview", "import"):
            figures["calls"] += 1
            try:
                if step == "preview":
                    r = importer.preview(con, case.table, case.data, file_name=case.file_name, mode=case.mode,
                                         sheet=case.sheet)
                else:
                    r = importer.import_file(con, case.table, case.data, file_name=case.file_name, mode=case.mode,
                                             sheet=case.sheet)
            except importer.ImportFailed as e:
                figures[f"{step}: ImportFailed"] += 1
                if "内部错误" in str(e):
                    internal.append(f"{case.category} / {case.file_name} ({step}): {e}")
                elif not _has_reason(str(e)):
                    problems.append(f"{case.file_name}: ImportFailed without a reason: {e!r}")
                if step == "import":
                    reasons[re.sub(r"[0-9,]+", "N", str(e).split("：", 1)[-1])[:30]] += 1
                continue
            except BaseException as e:  # noqa: BLE001 - exactly what this suite counts
                unhandled.append(f"{case.category} / {case.file_name} ({step}): {type(e).__name__}: {e}"[:300])
                continue
            if step == "import" and r.written:
                written.append(f"{case.category} / {case.file_name}: {r.summary()}")
            figures[f"{step}: result, {'written' if getattr(r, 'written', False) else 'not written'}"] += 1
            _check_result(r, case, problems)
        if robust_support.fingerprints(con) != before:
            written.append(f"{case.category} / {case.file_name}: the database changed")
            break
    after = robust_support.fingerprints(con)
    database.close(path)
    categories = Counter(c.category for c in hostile)
    print(f"\n[fuzz] files tried: {len(hostile)} hostile files on the checked database, {figures['calls']} importer "
          f"calls, {watch.seconds:.1f} s (plus {sum(c.may_load for c in cases)} valid-text files on a scratch copy and "
          f"{sum(c.category == WIDE for c in cases)} files of 10,000 columns in their own test)")
    print("[fuzz] by category: " + ", ".join(f"{k} {v}" for k, v in categories.items() if k != WIDE))
    print("[fuzz] outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(figures.items()) if k != "calls"))
    print(f"[fuzz] rejected: {len(hostile)} of {len(hostile)} hostile files; unhandled exceptions: {len(unhandled)}; "
          f"internal errors: {len(internal)}; partial or unexpected writes: {len(written)}; "
          f"rejections without a reason: {len(problems)}; tables changed: "
          f"{sum(before[t] != after.get(t) for t in before)} of {len(before)}")
    print("[fuzz] most common reasons: " + "; ".join(f"{k}… ×{v}" for k, v in reasons.most_common(8)))
    for line in (unhandled + internal + written + problems)[:40]:
        print("   ", line)
    assert len(hostile) >= 200
    assert unhandled == []
    assert internal == []
    assert written == []
    assert problems == []
    assert after == before  # every table, the import log and undo records included


def test_files_of_ten_thousand_columns_are_refused_with_a_reason(base, tmp_path):
    """A header of 10,000 cells (junk, a roster plus junk, one header repeated, a table's headers
    repeated): a clear refusal or a result, never the catch-all internal error; nothing written."""
    path = tmp_path / "wide.duckdb"
    shutil.copy(base, path)
    con = database.connect(path)
    wide = [c for c in build_cases(valid_export(con)) if c.category == WIDE]
    before = robust_support.fingerprints(con)
    outcomes = []
    for case in wide:
        for fn in (importer.import_file,):  # preview reads the same way (and takes as long)
            try:
                r = fn(con, case.table, case.data, file_name=case.file_name, mode=case.mode)
                outcomes.append((case.file_name, fn.__name__, "written" if getattr(r, "written", False) else "refused",
                                 r.summary() if hasattr(r, "summary") else ""))
            except importer.ImportFailed as e:
                outcomes.append((case.file_name, fn.__name__, "internal error" if "内部错误" in str(e) else "ImportFailed",
                                 str(e)[:160]))
    after = robust_support.fingerprints(con)
    database.close(path)
    print(f"\n[fuzz] 10,000 columns: {len(wide)} files, " + ", ".join(
        f"{k} {v}" for k, v in Counter(o[2] for o in outcomes).items()))
    for o in outcomes:
        print("   ", *o)
    assert len(wide) == 4
    assert [o for o in outcomes if o[2] in ("internal error", "written")] == []
    assert after == before


def test_hostile_looking_text_is_stored_verbatim_and_mixed_files_load_all_valid_rows_or_none(base, tmp_path):
    """On a scratch copy: SQL-looking and formula-looking names are data (stored exactly, nothing
    executed); a file with good and bad rows writes nothing by default, and with accept_valid exactly
    its valid rows, logged in one batch; undo restores every data table."""
    path = tmp_path / "scratch.duckdb"
    shutil.copy(base, path)
    con = database.connect(path)
    cases = build_cases(valid_export(con))
    data_before = {t: v for t, v in robust_support.fingerprints(con).items() if t in database.DATA_TABLES}
    counts = Counter()
    failures = []
    mixed = [c for c in cases if c.mixed and c.category != WIDE]
    picked = [c for c in cases if c.may_load] + random.Random(SEED).sample(mixed, 30)
    for case in picked:
        before = database.table_counts(con)
        names_before = _names(con)
        try:
            r = importer.import_file(con, case.table, case.data, file_name=case.file_name, accept_valid=True,
                                     sheet=case.sheet)
        except importer.ImportFailed as e:
            counts["refused as a whole"] += 1
            if "内部错误" in str(e) or not _has_reason(str(e)):
                failures.append(f"{case.file_name}: {e}")
            continue
        after = database.table_counts(con)
        if not r.written:
            counts["nothing to write"] += 1
            if after != before:
                failures.append(f"{case.file_name}: not written but the tables changed")
            continue
        counts["loaded the valid rows" if r.rows_rejected else "loaded every row"] += 1
        if case.notice and not any(case.notice in n for n in r.notices):
            failures.append(f"{case.file_name}: no notice with {case.notice!r}: {r.notices}")
        if case.may_load and r.rows_rejected:
            failures.append(f"{case.file_name}: valid text rejected: {r.problems['reason'].head(3).tolist()}")
        expected = dict(before, **{case.table: before[case.table] + r.rows_new})
        if after != expected or r.rows_new != r.rows_accepted:
            failures.append(f"{case.file_name}: {r.summary()} but counts went {before[case.table]} → {after[case.table]}")
        logged = database.query_rows(con, "SELECT rows_new, rows_rejected, status::VARCHAR FROM import_batches WHERE batch_id = ?",
                                     [r.batch_id])
        if logged != [(r.rows_new, r.rows_rejected, "已导入")]:
            failures.append(f"{case.file_name}: import log {logged} disagrees with {r.summary()}")
        if case.table == "workers":  # no byte-order mark, NUL or control character slipped into a key or name
            dirty = database.query_rows(con, "SELECT count(*) FROM workers WHERE regexp_matches(worker_id || name || "
                                        "id_number, '[\\x00-\\x1f\\x{feff}\\x{200b}]')")[0][0]
            if dirty:
                failures.append(f"{case.file_name}: {dirty} rows with control characters stored")
        if case.may_load:  # the hostile text is stored exactly as written in the file
            rows_text = case.data.decode("utf-8").split("\n", 1)[1]  # the data rows (a header may hold stray quotes)
            sent = {cell for row in csv.reader(io.StringIO(rows_text)) for cell in row}
            stored = _names(con) - names_before
            if not stored or not stored <= sent:
                failures.append(f"{case.file_name}: names stored {sorted(stored)[:3]} are not the file's")
        importer.undo(con, r.batch_id)
        counts["undone"] += 1
        if database.table_counts(con) != before:
            failures.append(f"{case.file_name}: undo did not restore the counts")
    data_after = {t: v for t, v in robust_support.fingerprints(con).items() if t in database.DATA_TABLES}
    database.close(path)
    print(f"\n[fuzz] scratch copy: {sum(c.may_load for c in cases)} valid-text files, 30 of {len(mixed)} mixed files "
          "(all of which the checked database refused without accept_valid); "
          + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for line in failures[:30]:
        print("   ", line)
    assert failures == []
    assert counts["undone"] >= 10 and counts["loaded the valid rows"] >= 10
    assert data_after == data_before


def _names(con) -> set[str]:
    return {n for (n,) in database.query_rows(con, "SELECT name FROM workers")}


def test_the_command_line_reports_hostile_files_in_one_line(base, tmp_path, capsys):
    path = tmp_path / "cli.duckdb"
    shutil.copy(base, path)
    before = robust_support.file_fingerprints(path)
    picks = random.Random(SEED).sample([c for c in build_cases(_exports(path)) if not c.may_load and not c.sheet], 12)
    lines = []
    for i, case in enumerate(picks):
        src = tmp_path / f"hostile_{i}{'.xlsx' if case.data[:2] == b'PK' else '.csv'}"
        src.write_bytes(case.data)
        code = cli.main(["import", str(src), "--table", case.table, "--db", str(path), "--mode", case.mode, "--quiet"])
        out = capsys.readouterr()
        lines.append((code, out.err.strip()))
        assert code == 1, (case.file_name, code, out)
        assert len(out.err.strip().splitlines()) == 1 and "Traceback" not in out.err and _has_reason(out.err), out.err
        assert out.out == ""
    print(f"\n[fuzz] command line: {len(picks)} hostile files, exit code 1 and one line each, e.g. {lines[0][1][:90]}")
    assert robust_support.file_fingerprints(path) == before


def _exports(path) -> dict[str, bytes]:
    con = database.connect(path)
    try:
        return valid_export(con)
    finally:
        database.close(path)


def test_the_corpus_is_deterministic(base, tmp_path):
    path = tmp_path / "d.duckdb"
    shutil.copy(base, path)
    exports = _exports(path)
    a, b = build_cases(exports), build_cases(exports)
    assert [(c.file_name, c.data) for c in a] == [(c.file_name, c.data) for c in b]
    assert len({c.category for c in a}) >= 18
