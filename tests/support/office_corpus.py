"""A corpus of import files built the way offices produce them, each with the rows it must store.

`build(folder)` writes every file and, beside it, `<file>.expected.json`:

    {"table": "workers", "style": "...", "sheet": null, "mode": "append", "mapping": null,
     "key": ["worker_id"], "rows": [{every stored column: value}, ...],
     "related": {"certificates": [{...}, ...]}, "notices": ["fragment", ...]}

Every row of every file is valid: a test imports each file into a copy of the importer tests'
base database (import_corpus.base_database) and compares the stored rows with `rows`, column by
column (NULL where the file does not say). Rosters come in 30 styles (WPS GBK CSV with title
rows, Excel with merged two-row headers and footers, UTF-16 "Unicode text", Chinese and Excel-serial
dates, education/political-status/title variants, full-width and spaced ID numbers, several
sheets, hidden rows, cached formulas …); every other table in at least three. Schema version 6 adds a
roster, an issue ledger and a wish ledger naming grids (网格) by name within the row's community or by
15-digit code, grid regions with their 党支部, partners' 招募渠道, and three files for each new table.

    python -m tests.support.office_corpus OUT_DIR   # writes the corpus for a look by hand
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import xlsxwriter
from openpyxl.styles import Alignment, Font

from cgw import domain
from cgw.ingest import importer
from tests.support.import_corpus import C1, C2, C3, C4, G1, G2, G3, G4, ID1, ID2, ID3, pid

D = dt.date
STREETS = {"370705001": "大虞街道", "370705002": "梨园街道"}
COMMUNITIES = {C1: ("幸福社区", "370705001"), C2: ("和平社区", "370705001"), C3: ("幸福社区", "370705002"),
               C4: ("光明社区", "370705002")}
EXCEL_EPOCH = D(1899, 12, 30)

# (职务 as written, its category, the role category it means)
TITLES = [
    ("党委书记、居委会主任", "书记兼主任", "社区正职"), ("党委书记", "书记", "社区正职"), ("居委会主任", "主任", "社区正职"),
    ("党委副书记", "副书记", "社区副职"), ("居委会副主任", "副主任", "社区副职"), ("居委会委员", "两委委员", "一般社区工作者"),
    ("网格员", "社区专职工作者", "一般社区工作者"), ("专职社工", "社区专职工作者", "一般社区工作者"),
    ("综治专干", "社区专职工作者", "一般社区工作者"), ("楼宇专员", "楼宇专职工作者", "楼宇专职工作者"),
    ("社区专职工作者", "社区专职工作者", "一般社区工作者"),
]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀兰", "霞", "平", "刚", "桂英", "华", "建国", "红梅", "海燕", "志强", "丹", "玉兰", "晓东", "雪", "婷", "鑫"]


@dataclass
class Person:
    """One worker as the truth: every file style writes these facts its own way."""

    name: str
    id_number: str
    birth: D
    ethnicity: str
    political: str
    education: str
    community: str
    title: tuple[str, str, str]
    level: int
    source: str
    hire: D
    post_since: D
    phone: str
    cert: tuple[str, D | None] | None

    @property
    def sex(self) -> str:
        return "男" if int(self.id_number[16]) % 2 else "女"

    @property
    def street(self) -> str:
        return STREETS[COMMUNITIES[self.community][1]]

    @property
    def community_name(self) -> str:
        return COMMUNITIES[self.community][0]


def people(n: int = 400, seed: int = 2024) -> list[Person]:
    rnd = random.Random(seed)
    out, seen = [], {ID1, ID2, ID3}
    while len(out) < n:
        birth = D(1962, 1, 1) + dt.timedelta(days=rnd.randrange(0, 365 * 38))
        male = rnd.random() < 0.45
        seq = rnd.randrange(0, 500) * 2 + (1 if male else 0)
        idn = pid(rnd.choice(["370705", "370702", "370703", "370786"]), birth.strftime("%Y%m%d"), f"{seq:03d}")
        if idn in seen:
            continue
        seen.add(idn)
        title = rnd.choice(TITLES)
        lo, hi = domain.POST_LEVEL_RANGE[title[2]]
        hire_year = min(2024, birth.year + rnd.randrange(22, 35))
        hire = D(hire_year, rnd.randrange(1, 13), 1)
        since = D(min(2024, hire.year + rnd.randrange(0, 6)), rnd.randrange(1, 13), 1)
        since = max(since, hire)
        cert = None
        if rnd.random() < 0.6:
            level = rnd.choice(domain.values("certificate_level")[:2])
            year = min(2024, max(hire.year, 2010) + rnd.randrange(0, 5))
            cert = (level, D(year, rnd.randrange(1, 13), 1) if rnd.random() < 0.6 else None)
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + (rnd.choice(GIVEN) if rnd.random() < 0.5 else "")
        out.append(Person(
            name=name[:3], id_number=idn, birth=birth, ethnicity=rnd.choice(["汉族"] * 9 + ["回族", "满族"]),
            political=rnd.choice(["中共党员"] * 5 + ["中共预备党员", "共青团员", "群众", "群众", "民盟盟员"]),
            education=rnd.choice(["研究生", "本科", "本科", "本科", "大专", "大专", "中专·高中", "初中及以下"]),
            community=rnd.choice([C1, C2, C3, C4]), title=title, level=rnd.randrange(lo, hi + 1),
            source=rnd.choice(["公开招聘", "公开招聘", "公开招聘", "随缺随补", "选举", "周转调剂"]),
            hire=hire, post_since=since, phone=f"1{rnd.choice('3578')}{rnd.randrange(10**8, 10**9)}", cert=cert,
        ))  # fmt: skip
    return out


# --- how offices write values ----------------------------------------------------------------------


def date_text(d: D | None, how: str) -> object:
    if d is None:
        return ""
    return {
        "iso": d.isoformat(), "dot_month": f"{d.year}.{d.month:02d}", "dot_month_short": f"{d.year}.{d.month}",
        "cn_month": f"{d.year}年{d.month}月", "cn_full": f"{d.year}年{d.month}月{d.day}日", "ym6": f"{d.year}{d.month:02d}",
        "ymd8": d.strftime("%Y%m%d"), "slash": f"{d.year}/{d.month}/{d.day}", "dot_full": f"{d.year}.{d.month}.{d.day}",
        "serial": (d - EXCEL_EPOCH).days, "serial_text": str((d - EXCEL_EPOCH).days), "cell": d,
    }[how]  # fmt: skip


EDUCATION_WAYS = {
    "plain": {v: v for v in domain.values("education")} | {"中专·高中": "中专"},
    "full_time": {"研究生": "全日制研究生", "本科": "全日制本科", "大专": "全日制大专", "中专·高中": "中专", "初中及以下": "初中"},
    "brackets": {"研究生": "研究生（硕士）", "本科": "大学（本科）", "大专": "大学专科", "中专·高中": "高中", "初中及以下": "小学"},
    "in_service": {"研究生": "在职研究生", "本科": "函授本科", "大专": "大专学历", "中专·高中": "职高", "初中及以下": "初中及以下"},
    "two_levels": {"研究生": "全日制本科、在职研究生", "本科": "全日制大专，在职本科", "大专": "大专", "中专·高中": "中专/高中",
                   "初中及以下": "初中"},
}  # fmt: skip
POLITICAL_WAYS = {
    "plain": {v: v for v in domain.values("political_status")},
    "short": {"中共党员": "党员", "中共预备党员": "预备党员", "共青团员": "团员", "群众": "群众", "民盟盟员": "民盟"},
    "brackets": {"中共党员": "中共党员", "中共预备党员": "中共党员（预备）", "共青团员": "共青团员", "群众": "群众",
                 "民盟盟员": "民盟盟员"},
}  # fmt: skip
SOURCE_WAYS = {"plain": {v: v for v in domain.values("hire_source")},
               "short": {"公开招聘": "招聘", "随缺随补": "补录", "选举": "换届选举", "周转调剂": "调剂", "其他": "其它"}}
ROLE_WAYS = {"plain": {v: v for v in domain.values("role_category")},
             "short": {"社区正职": "正职", "社区副职": "副职", "一般社区工作者": "一般", "楼宇专职工作者": "楼宇"}}
CERT_WAYS = {"plain": {"助理社会工作师": "助理社会工作师", "社会工作师": "社会工作师", "高级社会工作师": "高级社会工作师"},
             "grade": {"助理社会工作师": "初级", "社会工作师": "中级", "高级社会工作师": "高级"}}


def fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ("\u3000" if ch == " " else ch) for ch in text)


# --- a roster style: its columns, each a header and how the person is written in it ---------------


@dataclass
class Col:
    header: str
    fact: str | None  # the stored fact the column carries (None: ignored by the importer)
    write: Callable[[Person, int], object]


def c_seq():
    return Col("序号", None, lambda p, i: i + 1)


def c_name(h="姓名"):
    return Col(h, "name", lambda p, i: p.name)


def c_sex(h="性别"):
    return Col(h, "gender", lambda p, i: p.sex)


def c_id(h="公民身份号码", how=lambda s: s):
    return Col(h, "id_number", lambda p, i: how(p.id_number))


def c_birth(h="出生年月", fmt="dot_month"):
    return Col(h, "birth_date", lambda p, i: date_text(p.birth, fmt))


def c_eth(h="民族"):
    return Col(h, "ethnicity", lambda p, i: p.ethnicity)


def c_pol(h="政治面貌", way="plain"):
    return Col(h, "political_status", lambda p, i: POLITICAL_WAYS[way][p.political])


def c_edu(h="文化程度", way="plain"):
    return Col(h, "education", lambda p, i: EDUCATION_WAYS[way][p.education])


def c_street(h="所属街道", code=False):
    return Col(h, "street", lambda p, i: COMMUNITIES[p.community][1] if code else p.street)


def c_comm(h="社区名称", how="name"):
    def write(p, i):
        if how == "code":
            return p.community
        if how == "path":
            return f"{p.street}/{p.community_name}"
        if how == "joined":
            return p.street + p.community_name
        return p.community_name
    return Col(h, "community_id", write)


def c_role(h="岗位类别", way="plain"):
    return Col(h, "role_category", lambda p, i: ROLE_WAYS[way][p.title[2]])


def c_title(h="职务"):
    return Col(h, "post_title_text", lambda p, i: p.title[0])


def c_level(h="岗位等级", unit=""):
    return Col(h, "post_level", lambda p, i: f"{p.level}{unit}")


def c_source(h="来源", way="plain"):
    return Col(h, "source", lambda p, i: SOURCE_WAYS[way][p.source])


def c_hire(h="参加社区工作时间", fmt="cn_month"):
    return Col(h, "hire_date", lambda p, i: date_text(p.hire, fmt))


def c_since(h="任现职时间", fmt="dot_month"):
    return Col(h, "post_since", lambda p, i: date_text(p.post_since, fmt))


def c_phone(h="联系电话", how=lambda s: s):
    return Col(h, "phone", lambda p, i: how(p.phone))


def c_cert(h="职业资格", way="plain", none="无"):
    return Col(h, "cert_level", lambda p, i: CERT_WAYS[way][p.cert[0]] if p.cert else none)


def c_cert_held(h="是否持证"):
    return Col(h, "cert_held", lambda p, i: "是" if p.cert else "否")


def c_cert_date(h="取证时间", fmt="dot_month"):
    return Col(h, "cert_date", lambda p, i: date_text(p.cert[1], fmt) if p.cert else "")


def c_extra(h, value="—"):
    return Col(h, None, lambda p, i: value if not callable(value) else value(p, i))


# --- file writers -------------------------------------------------------------------------------


def csv_file(rows: list[list[object]], encoding="utf-8-sig", delimiter=",", newline="\r\n") -> bytes:
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return out.getvalue().encode(encoding)


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    merges: list[tuple[int, int, int, int, object]] = field(default_factory=list)  # r1, c1, r2, c2, value
    hidden_rows: list[int] = field(default_factory=list)
    text_columns: list[int] = field(default_factory=list)  # formatted as text (@)
    formulas: dict[tuple[int, int], tuple[str, object]] = field(default_factory=dict)  # (r, c) → (formula, cached)


def xlsx_file(sheets: list[Sheet]) -> bytes:
    """An Excel workbook as Excel saves it: shared strings, real date cells, merged cells, hidden
    rows, formulas with their cached results."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": dt.datetime(2026, 1, 1)})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    text_fmt = wb.add_format({"num_format": "@"})
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    for sh in sheets:
        ws = wb.add_worksheet(sh.name)
        for c in sh.text_columns:
            ws.set_column(c, c, 20, text_fmt)
        for r, row in enumerate(sh.rows):
            for c, v in enumerate(row):
                if (r, c) in sh.formulas:
                    formula, cached = sh.formulas[(r, c)]
                    ws.write_formula(r, c, formula, None, cached)
                elif v is None or v == "":
                    continue
                elif isinstance(v, D):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v), text_fmt if c in sh.text_columns else None)
        for r1, c1, r2, c2, value in sh.merges:
            ws.merge_range(r1, c1, r2, c2, value, head)
        for r in sh.hidden_rows:
            ws.set_row(r, None, None, {"hidden": True})
    wb.close()
    return buf.getvalue()


def openpyxl_file(rows: list[list[object]], merges: list[str] = (), title: str = "Sheet1") -> bytes:
    """A workbook saved by another program (openpyxl): inline layout, no shared-string table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(["" if v is None else v for v in r])
    for m in merges:
        ws.merge_cells(m)
        ws[m.split(":")[0]].alignment = Alignment(horizontal="center")
        ws[m.split(":")[0]].font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- the expected stored rows ---------------------------------------------------------------------

WORKER_COLUMNS = [c.name for c in importer.spec("workers").stored_columns]


def expected_worker(p: Person, facts: set[str], index: int) -> dict:
    has_title = "post_title_text" in facts
    return {
        "worker_id": f"W{4 + index:07d}", "name": p.name, "gender": p.sex, "id_number": p.id_number,
        "birth_date": p.birth.isoformat(), "ethnicity": p.ethnicity if "ethnicity" in facts else None,
        "political_status": p.political if "political_status" in facts else None,
        "education": p.education if "education" in facts else None, "community_id": p.community,
        "role_category": p.title[2] if has_title or "role_category" in facts else None,
        "post_title": p.title[1] if has_title else None, "post_title_text": p.title[0] if has_title else None,
        "post_level": p.level if "post_level" in facts else None, "source": p.source if "source" in facts else None,
        "hire_date": p.hire.isoformat(), "post_since": p.post_since.isoformat() if "post_since" in facts else None,
        "status": "在岗", "exit_date": None, "exit_reason": None, "phone": p.phone if "phone" in facts else None,
        "grid_id": None,
    }  # fmt: skip


def expected_certificates(ps: list[Person], facts: set[str]) -> list[dict]:
    if "cert_level" not in facts:
        return []
    out = []
    for i, p in enumerate(ps):
        if p.cert:
            date = p.cert[1].isoformat() if p.cert[1] and "cert_date" in facts else None
            out.append({"worker_id": f"W{4 + i:07d}", "level": p.cert[0], "obtained_on": date})
    return out


# --- the corpus ------------------------------------------------------------------------------------


@dataclass
class Entry:
    style: str
    table: str
    file_name: str
    data: bytes
    rows: list[dict]
    key: list[str]
    related: dict[str, list[dict]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    sheet: str | None = None
    mode: str = "append"
    mapping: dict | None = None  # profiles.Mapping as JSON-able dict


ENTRIES: list[Callable[[list[Person]], Entry]] = []

# Styles the server-mode test also imports into PostgreSQL (a roster that writes certificates too, a
# saved column mapping); the first style of every table goes with them.
SERVER_STYLES = ("wps_gbk_title_footer", "certificate_columns", "joined_street_community")


def style(fn):
    ENTRIES.append(fn)
    return fn


def roster(style_name: str, file_name: str, ps: list[Person], cols: list[Col], render: Callable[[list[list]], bytes],
           above: list[list] = (), below: list[list] = (), notices=(), **kw) -> Entry:
    """A roster entry: the header row, one row per person, and what it must store."""
    header = [c.header for c in cols]
    body = [[c.write(p, i) for c in cols] for i, p in enumerate(ps)]
    facts = {c.fact for c in cols if c.fact}
    data = render([*above, header, *body, *below])
    return Entry(style_name, "workers", file_name, data, [expected_worker(p, facts, i) for i, p in enumerate(ps)],
                 ["worker_id"], {"certificates": expected_certificates(ps, facts)}, list(notices), **kw)


def _slice(ps, k, n=12):
    return ps[k * 12: k * 12 + n]


# The issue's roster: WPS export, GBK, a title row, 参加社区工作时间, 职业资格, a 合计 and a 填表人 row.
@style
def wps_gbk_title_footer(ps):
    cols = [c_seq(), c_name(), c_sex(), c_eth(), c_birth(), c_id(), c_pol(), c_edu(), c_street(), c_comm(),
            c_role(), c_title(), c_hire(), c_cert(), c_phone()]
    return roster("WPS 导出 GBK CSV：标题行、合计行、填表人行", "01_花名册_WPS.csv", _slice(ps, 0), cols,
                  lambda rows: csv_file(rows, "gbk"), above=[["奎文区社区工作者花名册（2024年12月）"]],
                  below=[["合计", "12人"], ["填表人：张敏", "", "", "", "审核人：李强", "", "", "", "填表日期：2024年12月20日"]],
                  notices=["跳过了表头上方的 1 行", "合计/签名"])


@style
def excel_merged_two_row_header(ps):
    sub = _slice(ps, 1)
    head1 = ["序号", "姓名", "基本情况", "", "", "", "工作情况", "", "", "", "职业资格", "", "联系电话"]
    head2 = ["", "", "性别", "民族", "出生日期", "身份证号码", "所属街道", "所在社区", "职务", "参加社区工作时间", "等级",
             "取得时间", ""]
    body = [[i + 1, p.name, p.sex, p.ethnicity, p.birth, p.id_number, p.street, p.community_name, p.title[0], p.hire,
             CERT_WAYS["plain"][p.cert[0]] if p.cert else "", p.cert[1] if p.cert and p.cert[1] else "", p.phone]
            for i, p in enumerate(sub)]
    title = ["大虞、梨园街道社区工作者情况统计表"]
    rows = [title, head1, head2, *body, ["合计"], ["填表人：王芳      联系电话：0536-8888888"]]
    merges = [(0, 0, 0, 12, title[0]), (1, 0, 2, 0, "序号"), (1, 1, 2, 1, "姓名"), (1, 2, 1, 5, "基本情况"),
              (1, 6, 1, 9, "工作情况"), (1, 10, 1, 11, "职业资格"), (1, 12, 2, 12, "联系电话")]
    data = xlsx_file([Sheet("统计表", rows, merges, text_columns=[5, 12])])
    facts = {"name", "gender", "ethnicity", "birth_date", "id_number", "street", "community_id", "post_title_text",
             "hire_date", "cert_level", "cert_date", "phone"}
    return Entry("Excel 合并单元格两行表头、标题、合计和填表人行", "workers", "02_统计表_两行表头.xlsx", data,
                 [expected_worker(p, facts, i) for i, p in enumerate(sub)], ["worker_id"],
                 {"certificates": expected_certificates(sub, facts)}, ["表头占两行", "合计/签名"])


@style
def unicode_text_utf16(ps):
    cols = [c_name(), c_id("身份证号"), c_comm("社区", how="code"), c_title("现任职务"), c_hire("入职时间", "iso"),
            c_edu("学历"), c_phone("手机号")]
    return roster("Excel 另存为“Unicode 文本”：UTF-16、制表符分隔", "03_花名册_Unicode文本.txt", _slice(ps, 2), cols,
                  lambda rows: csv_file(rows, "utf-16", "\t"))


@style
def minimal_no_sex_level_source(ps):
    cols = [c_name(), c_id("身份证号码"), c_comm("所在社区", how="code"), c_hire("入职日期", "iso")]
    return roster("只有姓名、身份证号、社区、入职日期（无性别、岗位等级、来源）", "04_最简名单.csv", _slice(ps, 3), cols,
                  lambda rows: csv_file(rows))


@style
def chinese_month_dates(ps):
    cols = [c_seq(), c_name(), c_id(), c_birth("出生年月", "cn_month"), c_comm(how="code"), c_title(),
            c_hire("参加社区工作时间", "dot_month_short"), c_since("任现职时间", "cn_month")]
    return roster("中文年月：2015年3月、2015.3", "05_年月写法.csv", _slice(ps, 4), cols, lambda rows: csv_file(rows, "gbk"))


@style
def six_digit_months(ps):
    cols = [c_name(), c_id(), c_birth("出生年月", "ym6"), c_comm(how="path"), c_hire("入职年月", "ym6"),
            c_since("任职时间", "ymd8"), c_level("岗位等级", "级")]
    return roster("六位年月 201503、八位日期、“街道/社区”、等级带“级”", "06_六位年月.csv", _slice(ps, 5), cols,
                  lambda rows: csv_file(rows))


@style
def excel_serial_numbers(ps):
    sub = _slice(ps, 6)
    header = ["姓名", "身份证号", "出生日期", "所属社区", "入职日期", "任现职时间"]
    body = [[p.name, p.id_number, (p.birth - EXCEL_EPOCH).days, p.community, (p.hire - EXCEL_EPOCH).days, p.post_since]
            for p in sub]
    data = xlsx_file([Sheet("名单", [header, *body], text_columns=[1, 3])])
    facts = {"name", "id_number", "birth_date", "community_id", "hire_date", "post_since"}
    return Entry("Excel：日期是序号数字（42430）和日期单元格", "workers", "07_日期序号.xlsx", data,
                 [expected_worker(p, facts, i) for i, p in enumerate(sub)], ["worker_id"])


@style
def education_full_time_prefix(ps):
    cols = [c_name(), c_id(), c_comm(how="code"), c_edu("学历", "full_time"), c_pol("政治面貌", "short"),
            c_hire("参加社区工作时间", "iso")]
    return roster("学历“全日制本科”、政治面貌“党员/团员”", "08_全日制学历.csv", _slice(ps, 7), cols, lambda r: csv_file(r))


@style
def education_brackets(ps):
    cols = [c_name(), c_id(), c_comm(how="code"), c_edu("文化程度", "brackets"), c_pol("政治面貌", "brackets"),
            c_hire("入职时间", "slash")]
    return roster("研究生（硕士）、大学（本科）、中共党员（预备）", "09_括号写法.csv", _slice(ps, 8), cols,
                  lambda r: csv_file(r, "gbk"))


@style
def education_in_service_and_two_levels(ps):
    cols = [c_name(), c_id(), c_comm(how="code"), c_edu("最高学历", "two_levels"), c_hire("入职时间", "dot_full")]
    return roster("一格两种学历（全日制大专，在职本科）取最高", "10_两种学历.csv", _slice(ps, 9), cols, lambda r: csv_file(r))


@style
def in_service_education(ps):
    cols = [c_name(), c_id(), c_comm(how="code"), c_edu("学历", "in_service"), c_source("进入方式", "short"),
            c_role("岗位类别", "short"), c_hire("入职时间", "iso")]
    return roster("在职研究生、函授本科；来源“招聘/补录”；岗位“正职/一般”", "11_在职学历.csv", _slice(ps, 10), cols,
                  lambda r: csv_file(r))


@style
def titles_as_written(ps):
    cols = [c_seq(), c_name(), c_id(), c_street(), c_comm(), c_title("现任职务"), c_hire("参加社区工作时间", "iso")]
    return roster("职务原文（党委书记、居委会主任；网格员；楼宇专员），岗位类别由职务推出", "12_职务原文.csv", _slice(ps, 11),
                  cols, lambda r: csv_file(r, "gbk"))


@style
def fullwidth_and_spaced(ps):
    def spaced_id(s):
        return f"{s[:6]} {s[6:14]} {s[14:]}"

    def phone_dash(s):
        return f"{s[:3]}-{s[3:7]}-{s[7:]}"

    sub = _slice(ps, 12)
    cols = [Col("姓　名", "name", lambda p, i: (p.name[0] + "\u3000" + p.name[1:]) if len(p.name) == 2 else " " + p.name + " "),
            c_id("身份证号（必填）", lambda s: fullwidth(s) if s[-1] != "X" else fullwidth(s[:-1]) + "x"),
            c_comm("所属社区", how="code"),
            c_hire("入职日期*", "iso"), c_phone("联系电话", phone_dash),
            Col("备用身份证", None, lambda p, i: spaced_id(p.id_number))]
    return roster("全角数字的身份证号、全角空格补齐的姓名、带横线的手机号", "13_全角与空格.csv", sub, cols,
                  lambda r: csv_file(r), notices=["已规范化"])


@style
def spaced_ids_and_plus86(ps):
    cols = [c_name(), c_id("身份证号", lambda s: f"{s[:6]} {s[6:14]} {s[14:]}".lower()), c_comm("社区", how="code"),
            c_hire("入职日期", "iso"), c_phone("手机", lambda s: f"+86 {s[:3]} {s[3:7]} {s[7:]}")]
    return roster("身份证号中间有空格、手机号 +86", "14_空格身份证.csv", _slice(ps, 13), cols, lambda r: csv_file(r),
                  notices=["已规范化"])


@style
def several_sheets(ps):
    sub = _slice(ps, 14)
    header = ["姓名", "身份证号", "所属社区", "入职日期", "学历"]
    body = [[p.name, p.id_number, p.community, p.hire, p.education] for p in sub]
    data = xlsx_file([Sheet("填表说明", [["填表说明"], ["1. 身份证号请设为文本格式"], ["2. 日期写成 2015-03-01"]]),
                      Sheet("汇总", [["社区", "人数"], ["和平社区", 3]]),
                      Sheet("花名册", [header, *body], text_columns=[1, 2])])
    facts = {"name", "id_number", "community_id", "hire_date", "education"}
    return Entry("多个工作表，名单在第三个", "workers", "15_多工作表.xlsx", data,
                 [expected_worker(p, facts, i) for i, p in enumerate(sub)], ["worker_id"],
                 notices=["已读取工作表「花名册」"])


@style
def hidden_rows_and_formulas(ps):
    sub = _slice(ps, 15)
    header = ["序号", "姓名", "身份证号", "所属社区", "入职日期", "出生日期", "年龄"]
    body = [[i + 1, p.name, p.id_number, p.community, p.hire, p.birth.isoformat(), 2024 - p.birth.year]
            for i, p in enumerate(sub)]
    formulas = {(r + 1, 0): ("=ROW()-1", r + 1) for r in range(len(sub))}
    formulas |= {(r + 1, 5): (f'=TEXT(MID(C{r + 2},7,8),"0000-00-00")', p.birth.isoformat()) for r, p in enumerate(sub)}
    data = xlsx_file([Sheet("Sheet1", [header, *body], hidden_rows=[3, 4], text_columns=[2, 3], formulas=formulas)])
    facts = {"name", "id_number", "community_id", "hire_date", "birth_date"}
    return Entry("隐藏行、带计算结果的公式（序号、出生日期）", "workers", "16_隐藏行与公式.xlsx", data,
                 [expected_worker(p, facts, i) for i, p in enumerate(sub)], ["worker_id"], notices=["隐藏行"])


@style
def certificate_columns(ps):
    cols = [c_name(), c_id(), c_comm(how="code"), c_hire("入职时间", "iso"), c_cert_held(),
            c_cert("证书等级", "grade", none=""), c_cert_date("取证时间", "cn_month")]
    return roster("是否持证、证书等级（初级/中级）、取证时间", "17_持证情况.csv", _slice(ps, 16), cols, lambda r: csv_file(r),
                  notices=["同时写入职业资格证书"])


@style
def same_name_in_two_streets(ps):
    sub = [p for p in ps if p.community in (C1, C3)][:12]
    cols = [c_name(), c_id(), c_street("街道"), c_comm("社区"), c_hire("入职日期", "iso")]
    return roster("两个街道都有“幸福社区”：按所属街道区分", "18_同名社区.csv", sub, cols, lambda r: csv_file(r, "gbk"))


@style
def street_codes(ps):
    cols = [c_name(), c_id(), c_street("街道代码", code=True), c_comm("社区名称"), c_hire("入职日期", "iso")]
    return roster("街道写代码（9位）、社区写名称", "19_街道代码.csv", _slice(ps, 18), cols, lambda r: csv_file(r))


@style
def joined_street_community(ps):
    cols = [c_name(), c_id(), c_comm("工作单位", how="joined"), c_hire("入职日期", "iso")]
    return roster("“大虞街道幸福社区”写在一格", "20_街道社区一格.csv", _slice(ps, 19), cols, lambda r: csv_file(r),
                  mapping={"columns": {"工作单位": "community_id"}, "values": {}})


@style
def english_export(ps):
    sub = _slice(ps, 20)
    header = ["name", "id_number", "community_id", "role_category", "post_title_text", "post_level", "source",
              "hire_date", "post_since", "education", "political_status", "ethnicity", "phone"]
    body = [[p.name, p.id_number, p.community, p.title[2], p.title[0], p.level, p.source, p.hire.isoformat(),
             p.post_since.isoformat(), p.education, p.political, p.ethnicity, p.phone] for p in sub]
    facts = {"name", "id_number", "community_id", "role_category", "post_title_text", "post_level", "source", "hire_date",
             "post_since", "education", "political_status", "ethnicity", "phone"}
    return Entry("其他系统导出：英文字段名、UTF-8 无 BOM", "workers", "21_系统导出.csv", csv_file([header, *body], "utf-8"),
                 [expected_worker(p, facts, i) for i, p in enumerate(sub)], ["worker_id"])


@style
def filled_excel_template(ps):
    sub = _slice(ps, 21)
    from python_calamine import CalamineWorkbook

    tpl = CalamineWorkbook.from_filelike(io.BytesIO(importer.template_xlsx("workers"))).get_sheet_by_index(0).to_python()
    heads = tpl[0]
    values = {"姓名": lambda p: p.name, "身份证号": lambda p: p.id_number, "所属社区": lambda p: p.community_name,
              "所属街道": lambda p: p.street, "职务": lambda p: p.title[0], "入职日期": lambda p: p.hire.isoformat(),
              "学历": lambda p: p.education, "政治面貌": lambda p: p.political, "民族": lambda p: p.ethnicity}
    body = [[values[h](p) if h in values else "" for h in heads] for p in sub]
    data = xlsx_file([Sheet("社区工作者", [heads, tpl[1], *body], text_columns=list(range(len(heads))))])
    facts = {"name", "id_number", "community_id", "street", "post_title_text", "hire_date", "education",
             "political_status", "ethnicity"}
    return Entry("下载的 Excel 模板填好后上传（带填写说明行）", "workers", "22_模板填写.xlsx", data,
                 [expected_worker(p, facts, i) for i, p in enumerate(sub)], ["worker_id"], notices=["填写说明行"])


@style
def pipe_separated_system(ps):
    cols = [c_name("人员姓名"), c_id("证件号码"), c_comm("社区代码", how="code"), c_hire("到岗时间", "ymd8"),
            c_title("职位"), c_phone("电话号码")]
    return roster("业务系统导出：竖线分隔、八位日期", "23_竖线分隔.txt", _slice(ps, 22), cols,
                  lambda r: csv_file(r, "utf-8", "|", "\n"))


@style
def multiline_remarks(ps):
    sub = _slice(ps, 23)
    cols = [c_name(), c_id(), c_comm(how="code"), c_hire("入职日期", "iso"),
            c_extra("备注", lambda p, i: "2019年调入\n2021年任现职" if i % 3 == 0 else "")]
    return roster("备注格内换行（Alt+Enter）", "24_备注换行.csv", sub, cols, lambda r: csv_file(r))


@style
def gb18030_rare_names(ps):
    sub = _slice(ps, 24)
    rare = ["䶮", "𠀾", "龑", "堃", "喆", "犇"]
    for i, p in enumerate(sub):
        p.name = p.name[0] + rare[i % len(rare)]
    cols = [c_name(), c_id(), c_comm(how="code"), c_hire("入职日期", "iso")]
    return roster("GB18030 生僻字姓名", "25_生僻字.csv", sub, cols, lambda r: csv_file(r, "gb18030"))


@style
def prenumbered_blank_rows(ps):
    sub = _slice(ps, 25)
    cols = [c_seq(), c_name(), c_id(), c_comm(how="code"), c_hire("入职日期", "iso")]
    return roster("预先编好序号的空行（只填了序号）", "26_预编序号.csv", sub, cols, lambda r: csv_file(r, "gbk"),
                  below=[[n, "", "", "", ""] for n in range(len(sub) + 1, 31)])


@style
def subtotal_rows_between_groups(ps):
    sub = sorted(_slice(ps, 26), key=lambda p: p.community)
    cols = [c_name(), c_id(), c_comm(how="code"), c_hire("入职日期", "iso")]
    header = [c.header for c in cols]
    rows, last = [header], None
    for i, p in enumerate(sub):
        if last and p.community != last:
            rows.append(["小计", f"{COMMUNITIES[last][0]}"])
        rows.append([c.write(p, i) for c in cols])
        last = p.community
    rows.append(["合计", str(len(sub))])
    facts = {"name", "id_number", "community_id", "hire_date"}
    return Entry("按社区分组，组间有“小计”行", "workers", "27_分组小计.csv", csv_file(rows),
                 [expected_worker(p, facts, i) for i, p in enumerate(sub)], ["worker_id"], notices=["合计/签名"])


@style
def text_prefixed_ids(ps):
    cols = [c_name(), c_id("身份证号", lambda s: "'" + s), c_comm(how="code"), c_hire("入职日期", "iso"),
            c_birth("出生日期", "iso")]
    return roster("身份证号前加了英文单引号（防止科学计数法）", "28_引号身份证.csv", _slice(ps, 27), cols, lambda r: csv_file(r))


@style
def two_row_header_csv(ps):
    sub = _slice(ps, 28)
    head1 = ["姓名", "身份信息", "", "工作单位", "", "任职情况", "", ""]
    head2 = ["", "身份证号", "民族", "所属街道", "社区", "职务", "参加社区工作时间", "岗位等级"]
    body = [[p.name, p.id_number, p.ethnicity, p.street, p.community_name, p.title[0], date_text(p.hire, "cn_month"),
             p.level] for p in sub]
    facts = {"name", "id_number", "ethnicity", "street", "community_id", "post_title_text", "hire_date", "post_level"}
    return Entry("WPS 导出的两行表头 CSV（分组名在上一行）", "workers", "29_两行表头.csv",
                 csv_file([["社区工作者信息表"], head1, head2, *body], "gbk"),
                 [expected_worker(p, facts, i) for i, p in enumerate(sub)], ["worker_id"], notices=["表头占两行"])


@style
def extra_columns_other_order(ps):
    cols = [c_extra("籍贯", "山东潍坊"), c_phone("联系方式"), c_hire("参加社区工作时间", "iso"), c_extra("家庭住址", "奎文区"),
            c_comm("所在社区", how="code"), c_id(), c_name(), c_extra("备注", ""), c_pol(), c_eth()]
    return roster("列的顺序不同，夹着籍贯、家庭住址、备注", "30_列序不同.csv", _slice(ps, 29), cols, lambda r: csv_file(r),
                  notices=["未导入"])


@style
def openpyxl_saved_roster(ps):
    sub = _slice(ps, 30)
    rows = [["社区工作者名册"], ["姓名", "身份证号", "社区", "入职日期", "政治面貌", "学历"]]
    rows += [[p.name, p.id_number, p.community, p.hire, POLITICAL_WAYS["short"][p.political],
              EDUCATION_WAYS["plain"][p.education]] for p in sub]
    facts = {"name", "id_number", "community_id", "hire_date", "political_status", "education"}
    return Entry("其他程序保存的 xlsx（openpyxl），合并标题", "workers", "31_其他程序保存.xlsx",
                 openpyxl_file(rows, ["A1:F1"]), [expected_worker(p, facts, i) for i, p in enumerate(sub)], ["worker_id"])


# --- the other tables -------------------------------------------------------------------------------
# They refer to what the base database holds: workers W0000001–3 (张伟 ID1, 李娜 ID2, 王芳 ID3), partners
# P000001 (幸福里爱心超市) and P000002 (区残联), account A00000001, the four communities.


def other(style_name, table, file_name, data, rows, key, notices=(), **kw) -> Entry:
    if table == "regions":  # a region file without a 党支部 column stores none
        rows = [{**r, "party_branch": r.get("party_branch")} for r in rows]
    return Entry(style_name, table, file_name, data, rows, key, notices=list(notices), **kw)


@style
def regions_csv(ps):
    rows = [["区划代码", "区划名称", "层级", "上级区划"], ["370705003", "北苑街道", "街道", "370705"],
            ["370705003001", "东风社区", "社区", "370705003"], ["370705003002", "西岭社区", "社区", "370705003"]]
    exp = [{"region_id": "370705003", "name": "北苑街道", "level": "street", "parent_id": "370705"},
           {"region_id": "370705003001", "name": "东风社区", "level": "community", "parent_id": "370705003"},
           {"region_id": "370705003002", "name": "西岭社区", "level": "community", "parent_id": "370705003"}]
    return other("区划：模板列名，层级写中文", "regions", "40_区划.csv", csv_file(rows), exp, ["region_id"])


@style
def regions_statistics_codes(ps):
    rows = [["统计用区划代码和城乡划分代码"], ["统计用区划代码", "名称"], ["370705004", "廿里堡街道"],
            ["370705004001", "王家庄社区"], ["370705004002", "李家社区"], ["370705004003", "南苑社区居民委员会"]]
    exp = [{"region_id": "370705004", "name": "廿里堡街道", "level": "street", "parent_id": "370705"},
           {"region_id": "370705004001", "name": "王家庄社区", "level": "community", "parent_id": "370705004"},
           {"region_id": "370705004002", "name": "李家社区", "level": "community", "parent_id": "370705004"},
           {"region_id": "370705004003", "name": "南苑社区居民委员会", "level": "community", "parent_id": "370705004"}]
    return other("区划：国家统计局样式，只有代码和名称", "regions", "41_统计用区划代码.csv", csv_file(rows, "gbk"), exp,
                 ["region_id"], ["按代码前缀确定", "按代码长度确定"])


@style
def regions_xlsx(ps):
    rows = [["代码", "名称", "级别"], ["370705005", "北海路街道", "街道办事处"], ["370705005001", "北海社区", "居委会"]]
    exp = [{"region_id": "370705005", "name": "北海路街道", "level": "street", "parent_id": "370705"},
           {"region_id": "370705005001", "name": "北海社区", "level": "community", "parent_id": "370705005"}]
    return other("区划：Excel，级别写“街道办事处/居委会”", "regions", "42_区划.xlsx", xlsx_file([Sheet("区划", rows, text_columns=[0])]),
                 exp, ["region_id"])


def _pop(cid, year, pop, hh):
    return {"region_id": cid, "year": year, "resident_population": pop, "households": hh}


@style
def population_by_name_gbk(ps):
    rows = [["2025年各社区常住人口"], ["街道", "社区", "年份", "常住人口（人）", "户数（户）"],
            ["大虞街道", "幸福社区", "2025年", "5,120", "1,830"], ["梨园街道", "幸福社区", "2025", "3,050", "1,120"],
            ["大虞街道", "和平社区", "2025", "4,010", ""], ["合计", "", "", "12180", ""]]
    exp = [_pop(C1, 2025, 5120, 1830), _pop(C2, 2025, 4010, None), _pop(C3, 2025, 3050, 1120)]
    return other("常住人口：GBK，标题行，千分位，按街道区分同名社区，合计行", "region_population", "43_常住人口.csv",
                 csv_file(rows, "gbk"), exp, ["region_id", "year"])


@style
def population_codes_xlsx(ps):
    rows = [["社区代码", "年度", "常住人口数", "常住户数"], [C4, 2025, 2100, 760], [C2, 2026, 4100, 1500]]
    exp = [_pop(C2, 2026, 4100, 1500), _pop(C4, 2025, 2100, 760)]
    return other("常住人口：Excel 数字单元格", "region_population", "44_人口.xlsx",
                 xlsx_file([Sheet("人口", rows, text_columns=[0])]), exp, ["region_id", "year"])


@style
def population_two_row(ps):
    rows = [["社区名称", "年度", "人口情况", ""], ["", "", "常住人口", "户数"], ["光明社区", "2025", "2080", "750"],
            ["和平社区", "2025", "4020", "1490"]]
    exp = [_pop(C2, 2025, 4020, 1490), _pop(C4, 2025, 2080, 750)]
    return other("常住人口：两行表头", "region_population", "45_人口两行表头.csv", csv_file(rows), exp,
                 ["region_id", "year"], ["表头占两行"])


@style
def certificates_by_id_number(ps):
    rows = [["姓名", "身份证号", "证书等级", "取证日期"], ["李娜", ID2, "中级", "2020.6"], ["王芳", ID3, "初级", "2019年5月"]]
    exp = [{"worker_id": "W0000002", "level": "社会工作师", "obtained_on": "2020-06-01"},
           {"worker_id": "W0000003", "level": "助理社会工作师", "obtained_on": "2019-05-01"}]
    return other("职业资格：按身份证号，等级写初级/中级", "certificates", "46_持证名单.csv", csv_file(rows, "gbk"), exp,
                 ["worker_id", "level"])


@style
def certificates_xlsx_dates(ps):
    rows = [["人员编号", "姓名", "职业资格", "发证日期"], ["W0000002", "李娜", "助理社工师", D(2017, 6, 18)],
            ["W0000001", "张伟", "社会工作师", D(2021, 6, 20)]]
    exp = [{"worker_id": "W0000001", "level": "社会工作师", "obtained_on": "2021-06-20"},
           {"worker_id": "W0000002", "level": "助理社会工作师", "obtained_on": "2017-06-18"}]
    return other("职业资格：Excel 日期单元格，人员编号", "certificates", "47_证书.xlsx", xlsx_file([Sheet("证书", rows)]), exp,
                 ["worker_id", "level"])


@style
def certificates_unicode_text(ps):
    rows = [["身份证号码", "资格等级", "取得时间"], [ID3, "中级社会工作者", "202106"], [ID2, "高级社工师", "2024.11"]]
    exp = [{"worker_id": "W0000002", "level": "高级社会工作师", "obtained_on": "2024-11-01"},
           {"worker_id": "W0000003", "level": "社会工作师", "obtained_on": "2021-06-01"}]
    return other("职业资格：Unicode 文本", "certificates", "48_证书.txt", csv_file(rows, "utf-16", "\t"), exp, ["worker_id", "level"])


@style
def grades_csv(ps):
    rows = [["人员编号", "书记姓名", "年度", "等次"], ["W0000002", "李娜", "2025年", "一等"]]
    exp = [{"worker_id": "W0000002", "year": 2025, "grade": "一等", "effective_from": "2025-01-01"}]
    return other("书记等次：年度写“2025年”，生效日期留空", "secretary_grades", "49_书记等次.csv", csv_file(rows), exp,
                 ["worker_id", "effective_from"], ["当年1月1日"])


@style
def grades_xlsx_digits(ps):
    rows = [["身份证号", "姓名", "评定年度", "评定等次", "起始日期"], [ID2, "李娜", 2023, "3", D(2023, 3, 1)]]
    exp = [{"worker_id": "W0000002", "year": 2023, "grade": "三等", "effective_from": "2023-03-01"}]
    return other("书记等次：Excel，等次写数字", "secretary_grades", "50_等次.xlsx", xlsx_file([Sheet("等次", rows, text_columns=[0])]),
                 exp, ["worker_id", "effective_from"])


@style
def grades_gbk_title(ps):
    rows = [["2022年度社区党组织书记等次评定结果"], ["人员编号", "年份", "书记等次"], ["W0000002", "2022", "二等次"], ["制表：组织部"]]
    exp = [{"worker_id": "W0000002", "year": 2022, "grade": "二等", "effective_from": "2022-01-01"}]
    return other("书记等次：GBK，标题和制表行", "secretary_grades", "51_等次.csv", csv_file(rows, "gbk"), exp,
                 ["worker_id", "effective_from"])


def _reserve(cid, name, sex, idn, birth, comm, post, entered, status="在库", left=None, worker=None):
    return {"candidate_id": cid, "name": name, "gender": sex, "id_number": idn, "birth_date": birth,
            "community_id": comm, "worker_id": worker, "target_post": post, "entered_on": entered, "status": status,
            "left_on": left}


@style
def reserve_csv(ps):
    a, b = ps[360], ps[361]
    rows = [["姓名", "身份证号", "所属街道", "所属社区", "拟任岗位", "入库时间"],
            [a.name, a.id_number, "梨园街道", "幸福社区", "正职人选", "2025年1月"],
            [b.name, b.id_number, "大虞街道", "和平社区", "两委", "2025.02"]]
    exp = [_reserve("R000002", a.name, a.sex, a.id_number, a.birth.isoformat(), C3, "正职", "2025-01-01"),
           _reserve("R000003", b.name, b.sex, b.id_number, b.birth.isoformat(), C2, "两委成员", "2025-02-01")]
    return other("后备人才：按街道区分同名社区，岗位写“正职人选/两委”", "reserve_candidates", "52_后备人才.csv",
                 csv_file(rows, "gbk"), exp, ["candidate_id"])


@style
def reserve_xlsx(ps):
    a = ps[362]
    rows = [["后备人选名单"], ["序号", "姓名", "性别", "出生年月", "公民身份号码", "社区", "储备方向", "纳入时间"],
            [1, a.name, a.sex, a.birth.strftime("%Y.%m"), a.id_number, "光明社区", "副职", D(2024, 9, 1)]]
    exp = [_reserve("R000002", a.name, a.sex, a.id_number, a.birth.isoformat(), C4, "副职", "2024-09-01")]
    return other("后备人才：Excel，标题行", "reserve_candidates", "53_后备.xlsx",
                 xlsx_file([Sheet("后备", rows, [(0, 0, 0, 7, "后备人选名单")], text_columns=[4])]), exp, ["candidate_id"])


@style
def reserve_worker_link(ps):
    rows = [["人员编号", "姓名", "身份证号", "社区", "后备岗位", "入库日期", "出库日期", "状态"],
            ["W0000001", "张伟", ID1, C1, "副职", "2023-05-01", "2024-06-01", "已任用"]]
    exp = [_reserve("R000002", "张伟", "男", ID1, "1985-03-17", C1, "副职", "2023-05-01", "已使用", "2024-06-01",
                    worker="W0000001")]
    return other("后备人才：已是社区工作者、已使用出库", "reserve_candidates", "54_后备出库.csv", csv_file(rows), exp,
                 ["candidate_id"])


def _training(i, wid, prog, start, hours, result):
    return {"training_id": i, "worker_id": wid, "programme": prog, "start_date": start, "hours": hours, "result": result}


@style
def trainings_csv(ps):
    rows = [["姓名", "身份证号", "培训项目", "培训日期", "学时", "结业情况"], ["张伟", ID1, "青雁成长计划", "2024-05-06", "16学时", "通过"],
            ["李娜", ID2, "头雁领航工程", "2024年6月", "8.5", "优秀"]]
    exp = [_training(2, "W0000001", "青雁成长", "2024-05-06", "16.0", "合格"),
           _training(3, "W0000002", "头雁领航", "2024-06-01", "8.5", "优秀")]
    return other("培训：项目全称、学时带单位、结业情况“通过”", "trainings", "55_培训.csv", csv_file(rows), exp, ["training_id"])


@style
def trainings_xlsx(ps):
    rows = [["人员编号", "培训班次", "开班日期", "课时", "考核结果"], ["W0000003", "专题班", D(2025, 3, 10), 24, "合格"],
            ["W0000001", "现场教学点", D(2025, 4, 2), 4.5, "优秀"]]
    exp = [_training(2, "W0000003", "社会工作者专题班", "2025-03-10", "24.0", "合格"),
           _training(3, "W0000001", "现场教学", "2025-04-02", "4.5", "优秀")]
    return other("培训：Excel 数字和日期单元格", "trainings", "56_培训.xlsx", xlsx_file([Sheet("培训", rows)]), exp, ["training_id"])


@style
def trainings_two_row(ps):
    rows = [["学员", "", "培训情况", "", "", ""], ["姓名", "身份证号", "培训名称", "培训时间", "学时", "结果"],
            ["王芳", ID3, "岗前培训", "2024.3", "12", "结业"]]
    exp = [_training(2, "W0000003", "适岗初任", "2024-03-01", "12.0", "合格")]
    return other("培训：分组标题行在表头上方", "trainings", "57_培训分组标题.csv", csv_file(rows, "gbk"), exp, ["training_id"])


def _assess(wid, year, role, r, a, c, grade):
    return {"worker_id": wid, "year": year, "role_category": role, "routine_score": r, "annual_score": a,
            "client_score": c, "grade": grade}


@style
def assessments_csv(ps):
    rows = [["人员编号", "姓名", "年度", "平时考核", "年度考核", "服务对象评价", "考核等次"],
            ["W0000002", "李娜", "2024", "90", "92.5", "95", "优秀"]]
    exp = [_assess("W0000002", 2024, "社区正职", "90.0", "92.5", "95.0", "优秀")]
    return other("考核：岗位类别留空取人员的", "assessments", "58_考核.csv", csv_file(rows), exp, ["worker_id", "year"],
                 ["岗位类别为空"])


@style
def assessments_xlsx(ps):
    rows = [["身份证号", "考核年度", "岗位类别", "平时成绩", "年度成绩", "群众评价", "等次"],
            [ID3, 2023, "社区副职", 85, 80, 78.5, "称职"], [ID1, 2023, "一般社区工作者", 88, 86, 90, "称职"]]
    exp = [_assess("W0000001", 2023, "一般社区工作者", "88.0", "86.0", "90.0", "称职"),
           _assess("W0000003", 2023, "社区副职", "85.0", "80.0", "78.5", "称职")]
    return other("考核：Excel，按身份证号", "assessments", "59_考核.xlsx", xlsx_file([Sheet("考核", rows, text_columns=[0])]), exp,
                 ["worker_id", "year"])


@style
def assessments_gbk_title(ps):
    rows = [["2022年度社区工作者考核结果"], ["人员编号", "年份", "平时得分", "年度得分", "服务对象满意度", "年度考核等次"],
            ["W0000003", "2022年", "70", "72", "65", "基本称职"], ["审核：民政局"]]
    exp = [_assess("W0000003", 2022, "社区副职", "70.0", "72.0", "65.0", "基本称职")]
    return other("考核：GBK，标题和审核行", "assessments", "60_考核.csv", csv_file(rows, "gbk"), exp, ["worker_id", "year"])


def _partner(pid_, name, type_, sub, joined, exited=None, channel=None):
    return {"partner_id": pid_, "name": name, "type": type_, "subtype": sub, "joined_on": joined, "exited_on": exited,
            "recruitment_channel": channel}


@style
def partners_csv(ps):
    rows = [["合伙人名称", "类型", "细分类型", "加入日期"], ["街角书店", "", "爱心商铺", "2025-03-01"],
            ["青年志愿队", "社会组织", "志愿服务队", "2025年4月"]]
    exp = [_partner("P000003", "街角书店", "市场主体", "爱心商铺", "2025-03-01"),
           _partner("P000004", "青年志愿队", "社会力量", "志愿服务队", "2025-04-01")]
    return other("合伙人：类型按细分类型推出", "partners", "61_合伙人.csv", csv_file(rows), exp, ["partner_id"])


@style
def partners_xlsx(ps):
    rows = [["幸福合伙人名录"], ["序号", "单位名称", "合伙人类型", "小类", "签约时间", "退出时间"],
            [1, "区住建局", "机关", "部门", D(2024, 1, 15), None], [2, "老年协会", "社会力量", "协会", D(2024, 2, 1), D(2025, 1, 31)]]
    exp = [_partner("P000003", "区住建局", "机关单位", "职能部门", "2024-01-15"),
           _partner("P000004", "老年协会", "社会力量", "行业协会", "2024-02-01", "2025-01-31")]
    return other("合伙人：Excel 标题行、类型简写", "partners", "62_合伙人.xlsx",
                 xlsx_file([Sheet("名录", rows, [(0, 0, 0, 5, "幸福合伙人名录")])]), exp, ["partner_id"])


@style
def partners_utf16(ps):
    rows = [["名称", "大类", "子类型", "加入时间"], ["李大姐便民店", "市场主体", "商户", "2025.5"]]
    exp = [_partner("P000003", "李大姐便民店", "市场主体", "爱心商铺", "2025-05-01")]
    return other("合伙人：Unicode 文本", "partners", "63_合伙人.txt", csv_file(rows, "utf-16", "\t"), exp, ["partner_id"])


@style
def partner_communities_csv(ps):
    rows = [["合伙人", "服务社区"], ["区残联", "和平社区"], ["幸福里爱心超市", "光明社区"]]
    exp = [{"partner_id": "P000001", "community_id": C4}, {"partner_id": "P000002", "community_id": C2}]
    return other("服务社区：按名称", "partner_communities", "64_服务社区.csv", csv_file(rows), exp, ["partner_id", "community_id"])


@style
def partner_communities_street(ps):
    rows = [["合伙人名称", "所属街道", "服务社区"], ["区残联", "梨园街道", "幸福社区"], ["区残联", "大虞街道", "幸福社区"]]
    exp = [{"partner_id": "P000002", "community_id": C1}, {"partner_id": "P000002", "community_id": C3}]
    return other("服务社区：同名社区按街道区分", "partner_communities", "65_服务社区.csv", csv_file(rows, "gbk"), exp,
                 ["partner_id", "community_id"])


@style
def partner_communities_codes(ps):
    rows = [["合伙人编号", "社区代码"], ["P000002", C4]]
    exp = [{"partner_id": "P000002", "community_id": C4}]
    return other("服务社区：编号和代码，Excel", "partner_communities", "66_服务社区.xlsx",
                 xlsx_file([Sheet("Sheet1", rows, text_columns=[1])]), exp, ["partner_id", "community_id"])


def _eval(pid_, year, q, r, c, i, total, honour=None, w=(0.4, 0.35, 0.25)):
    return {"partner_id": pid_, "year": year, "quarter": q, "resident_score": r, "community_score": c,
            "industry_score": i, "w_resident": f"{w[0]:.2f}", "w_community": f"{w[1]:.2f}", "w_industry": f"{w[2]:.2f}",
            "total_score": total, "honour": honour}


@style
def evaluations_csv(ps):
    rows = [["合伙人", "年度", "季度", "居民评价", "社区考核", "行业评议"], ["P000001", "2025", "一季度", "90", "80", "85"]]
    exp = [_eval("P000001", 2025, 1, "90.0", "80.0", "85.0", "85.25")]
    return other("合伙人评价：季度写“一季度”，权重和总分自动", "partner_evaluations", "67_评价.csv", csv_file(rows), exp,
                 ["partner_id", "year", "quarter"])


@style
def evaluations_percent_xlsx(ps):
    rows = [["合伙人名称", "年份", "评价季度", "居民满意度", "社区评价", "行业评价", "居民评价权重", "社区考核权重", "行业评议权重",
             "综合评分", "获评荣誉"],
            ["区残联", 2025, "Q2", 95, 90, 85, "50%", "30%", "20%", 91.5, "优秀合伙人"]]
    exp = [_eval("P000002", 2025, 2, "95.0", "90.0", "85.0", "91.50", "优秀幸福合伙人", (0.5, 0.3, 0.2))]
    return other("合伙人评价：Excel，权重写百分比", "partner_evaluations", "68_评价.xlsx", xlsx_file([Sheet("评价", rows)]), exp,
                 ["partner_id", "year", "quarter"])


@style
def evaluations_gbk(ps):
    rows = [["合伙人编号", "年度", "季度", "居民评价得分", "社区考核得分", "行业评议得分", "荣誉"],
            ["P000002", "2025年", "第3季度", "80", "80", "80", "无"]]
    exp = [_eval("P000002", 2025, 3, "80.0", "80.0", "80.0", "80.00")]
    return other("合伙人评价：GBK，荣誉写“无”", "partner_evaluations", "69_评价.csv", csv_file(rows, "gbk"), exp,
                 ["partner_id", "year", "quarter"])


def _issue(i, comm, cat, src, raised, resolved, status, partner=None, grid=None):
    return {"issue_id": i, "community_id": comm, "category": cat, "source": src, "raised_on": raised,
            "resolved_on": resolved, "status": status, "partner_id": partner, "grid_id": grid}


@style
def issues_csv(ps):
    rows = [["社区", "问题类别", "来源", "提出日期", "解决日期", "承办合伙人", "办理状态"],
            ["和平社区", "环境卫生", "12345", "2025-03-01", "2025-03-05", "区残联", ""],
            ["和平社区", "停车交通", "网格员走访", "2025-03-01", "", "", "待处理"]]
    exp = [_issue(2, C2, "环境卫生", "12345热线", "2025-03-01", "2025-03-05", "已解决", "P000002"),
           _issue(3, C2, "停车交通", "网格走访", "2025-03-01", None, "待办理")]
    return other("民生难题：来源简写，状态按日期推出", "livelihood_issues", "70_民生难题.csv", csv_file(rows), exp, ["issue_id"])


@style
def issues_xlsx(ps):
    rows = [["民生诉求台账"], ["所属街道", "社区名称", "诉求类别", "收集渠道", "受理日期", "办结日期", "办理情况"],
            ["梨园街道", "幸福社区", "设施维修", "联席会", D(2025, 1, 2), D(2025, 1, 20), "已办结"]]
    exp = [_issue(2, C3, "设施维修", "联席会议", "2025-01-02", "2025-01-20", "已解决")]
    return other("民生难题：Excel，同名社区按街道", "livelihood_issues", "71_诉求台账.xlsx",
                 xlsx_file([Sheet("台账", rows, [(0, 0, 0, 6, "民生诉求台账")])]), exp, ["issue_id"])


@style
def issues_gbk(ps):
    rows = [["社区代码", "类别", "问题来源", "反映日期", "状态"], [C4, "其它", "问卷", "2025年2月3日", "办理中"]]
    exp = [_issue(2, C4, "其他", "问卷调查", "2025-02-03", None, "办理中")]
    return other("民生难题：GBK，中文日期", "livelihood_issues", "72_诉求.csv", csv_file(rows, "gbk"), exp, ["issue_id"])


def _wish(i, comm, group, raised, claimed, fulfilled, partner, status, grid=None):
    return {"wish_id": i, "community_id": comm, "wish_group": group, "raised_on": raised, "claimed_on": claimed,
            "fulfilled_on": fulfilled, "partner_id": partner, "status": status, "grid_id": grid}


@style
def wishes_csv(ps):
    rows = [["社区", "心愿类别", "提出日期", "认领日期", "完成日期", "认领合伙人"],
            ["光明社区", "老年人", "2025-01-01", "2025-01-05", "", "P000001"], ["光明社区", "困难群众", "2025-01-02", "", "", ""]]
    exp = [_wish(2, C4, "一老", "2025-01-01", "2025-01-05", None, "P000001", "已认领"),
           _wish(3, C4, "一困", "2025-01-02", None, None, None, "待认领")]
    return other("微心愿：对象写“老年人/困难群众”，状态按日期推出", "wishes", "73_微心愿.csv", csv_file(rows), exp, ["wish_id"])


@style
def wishes_xlsx(ps):
    rows = [["所属街道", "社区", "服务对象", "发布日期", "认领时间", "完成时间", "认领单位", "完成情况"],
            ["大虞街道", "幸福社区", "儿童", D(2025, 5, 1), D(2025, 5, 3), D(2025, 5, 20), "幸福里爱心超市", "已实现"]]
    exp = [_wish(2, C1, "一小", "2025-05-01", "2025-05-03", "2025-05-20", "P000001", "已完成")]
    return other("微心愿：Excel，认领单位写名称", "wishes", "74_微心愿.xlsx", xlsx_file([Sheet("心愿", rows)]), exp, ["wish_id"])


@style
def wishes_utf16(ps):
    rows = [["社区代码", "心愿类别", "登记日期"], [C2, "一老", "2025.6.1"]]
    exp = [_wish(2, C2, "一老", "2025-06-01", None, None, None, "待认领")]
    return other("微心愿：Unicode 文本", "wishes", "75_微心愿.txt", csv_file(rows, "utf-16", "\t"), exp, ["wish_id"])


def _account(aid, comm, holder, phone, opened):
    return {"account_id": aid, "community_id": comm, "holder_name": holder, "phone": phone, "opened_on": opened}


@style
def accounts_csv(ps):
    rows = [["户主姓名", "所属社区", "联系电话", "开户日期"], ["孙七", "和平社区", "136 1234 5678", "2025-01-01"]]
    exp = [_account("A00000002", C2, "孙七", "13612345678", "2025-01-01")]
    return other("储蓄本账户：手机号带空格", "point_accounts", "76_账户.csv", csv_file(rows), exp, ["account_id"])


@style
def accounts_xlsx(ps):
    rows = [["账号", "居民姓名", "街道", "社区", "手机号码", "建档日期"],
            ["A00000009", "周　八", "梨园街道", "幸福社区", "13712345678", D(2024, 12, 1)]]
    exp = [_account("A00000009", C3, "周八", "13712345678", "2024-12-01")]
    return other("储蓄本账户：Excel，姓名全角空格，同名社区按街道", "point_accounts", "77_账户.xlsx",
                 xlsx_file([Sheet("账户", rows, text_columns=[4])]), exp, ["account_id"])


@style
def accounts_gbk(ps):
    rows = [["初心储蓄本开户登记"], ["户主", "社区代码", "电话", "开户时间"], ["吴九", C4, "", "2025年3月"]]
    exp = [_account("A00000002", C4, "吴九", None, "2025-03-01")]
    return other("储蓄本账户：GBK 标题行，没有电话", "point_accounts", "78_账户.csv", csv_file(rows, "gbk"), exp, ["account_id"])


def _entry(i, acc, comm, date, points, item):
    return {"entry_id": i, "account_id": acc, "community_id": comm, "entry_date": date, "points": points, "item": item}


@style
def ledger_csv(ps):
    rows = [["账户编号", "日期", "积分", "事项"], ["A00000001", "2025-01-02", "+20", "志愿服务"],
            ["A00000001", "2025-01-03", "−15", "兑换大米"]]
    exp = [_entry(2, "A00000001", C1, "2025-01-02", 20, "志愿服务"), _entry(3, "A00000001", C1, "2025-01-03", -15, "兑换大米")]
    return other("积分明细：+20、−15，社区取账户的", "points_ledger", "79_积分.csv", csv_file(rows), exp, ["entry_id"],
                 ["已取账户所属社区"])


@style
def ledger_xlsx(ps):
    rows = [["储蓄本编号", "发生日期", "积分变动", "活动/商品", "所属社区"],
            ["A00000001", D(2025, 2, 1), 30, "垃圾分类督导", C1], ["A00000001", D(2025, 2, 8), -10, "兑换洗衣液", C1]]
    exp = [_entry(2, "A00000001", C1, "2025-02-01", 30, "垃圾分类督导"), _entry(3, "A00000001", C1, "2025-02-08", -10, "兑换洗衣液")]
    return other("积分明细：Excel 数字和日期单元格", "points_ledger", "80_积分.xlsx", xlsx_file([Sheet("明细", rows, text_columns=[4])]),
                 exp, ["entry_id"])


@style
def ledger_gbk_footer(ps):
    rows = [["账号", "时间", "分值", "摘要"], ["A00000001", "2025年3月1日", "5", "议事协商"], ["合计", "", "5", ""]]
    exp = [_entry(2, "A00000001", C1, "2025-03-01", 5, "议事协商")]
    return other("积分明细：GBK，合计行", "points_ledger", "81_积分.csv", csv_file(rows, "gbk"), exp, ["entry_id"],
                 ["合计/签名"])


# --- version 6: grids, and the tables schema 6 added --------------------------------------------------
# The base database has four grids: 幸福社区 (大虞街道) 第一网格 G1 and 第二网格 G2, 和平社区 第一网格 G3,
# 光明社区 光明苑网格 G4; 梨园街道's 幸福社区 has none. Studio T0001 (李娜书记工作室, 和平社区), supply items
# S000001 (爱心助餐) and S000002 (法律咨询进社区), candidate R000001 (刘洋), the default competency model.


def _grid_of(p: Person, i: int) -> tuple[str | None, object]:
    """(stored grid, how the file writes it): by name for even rows, by 15-digit code for odd ones."""
    grid, name = {C1: ((G1, "第一网格") if i % 2 else (G2, "第二网格")), C2: (G3, "第一网格"), C3: (None, ""),
                  C4: (G4, "光明苑网格")}[p.community]
    return grid, (grid if i % 2 and grid else name)


@style
def roster_with_grids(ps):
    sub = _slice(ps, 31)
    cols = [c_seq(), c_name(), c_id(), c_street(), c_comm(), Col("小区（网格）", "grid_id", lambda p, i: _grid_of(p, i)[1]),
            c_title(), c_hire("参加社区工作时间", "cn_month")]
    header = [c.header for c in cols]
    body = [[c.write(p, i) for c in cols] for i, p in enumerate(sub)]
    facts = {c.fact for c in cols if c.fact}
    rows = [{**expected_worker(p, facts, i), "grid_id": _grid_of(p, i)[0]} for i, p in enumerate(sub)]
    data = csv_file([["大虞、梨园街道社区工作者定岗网格花名册"], header, *body, ["合计", f"{len(sub)}人"],
                     ["填表人：王芳", "", "", "", "审核人：李强"]], "gbk")
    return Entry("WPS GBK 花名册：“小区（网格）”列，网格写名称（在本行社区内查找）或15位编码", "workers",
                 "82_花名册_网格.csv", data, rows, ["worker_id"], notices=["跳过了表头上方的 1 行", "合计/签名"])


@style
def issues_with_grids_xlsx(ps):
    rows = [["民生诉求台账（网格）"], ["所属街道", "社区名称", "网格编码", "诉求类别", "收集渠道", "受理日期", "办结日期"],
            ["大虞街道", "幸福社区", G2, "环境卫生", "网格员走访", D(2025, 4, 1), D(2025, 4, 8)],
            ["大虞街道", "和平社区", "第一网格", "停车交通", "12345", D(2025, 4, 2), D(2025, 4, 3)],
            ["梨园街道", "光明社区", "光明苑", "设施维修", "联席会", D(2025, 4, 3), D(2025, 4, 30)],
            ["梨园街道", "幸福社区", "", "其它", "问卷", D(2025, 4, 4), D(2025, 4, 5)]]
    exp = [_issue(2, C1, "环境卫生", "网格走访", "2025-04-01", "2025-04-08", "已解决", grid=G2),
           _issue(3, C2, "停车交通", "12345热线", "2025-04-02", "2025-04-03", "已解决", grid=G3),
           _issue(4, C4, "设施维修", "联席会议", "2025-04-03", "2025-04-30", "已解决", grid=G4),
           _issue(5, C3, "其他", "问卷调查", "2025-04-04", "2025-04-05", "已解决")]
    return other("民生难题：Excel，网格写编码或名称（“光明苑”即光明苑网格），社区层面的留空", "livelihood_issues",
                 "83_诉求台账_网格.xlsx", xlsx_file([Sheet("台账", rows, [(0, 0, 0, 6, "民生诉求台账（网格）")], text_columns=[2])]),
                 exp, ["issue_id"])


@style
def wishes_with_grid_codes(ps):
    rows = [["社区代码", "网格代码", "心愿类别", "提出日期", "认领日期"], [C1, G1, "老人", "2025-06-01", "2025-06-02"],
            [C4, "", "一小", "2025-06-03", ""]]
    exp = [_wish(2, C1, "一老", "2025-06-01", "2025-06-02", None, None, "已认领", grid=G1),
           _wish(3, C4, "一小", "2025-06-03", None, None, None, "待认领")]
    return other("微心愿：社区和网格都写代码", "wishes", "84_微心愿_网格.csv", csv_file(rows), exp, ["wish_id"])


@style
def regions_grids_gbk(ps):
    rows = [["奎文区网格划分及小区（网格）党支部设置情况"], ["网格编码", "网格名称", "所属社区", "小区（网格）党支部"],
            [C2 + "002", "和平二网格", "和平社区", "和平社区第二网格党支部"], [C4 + "002", "光明苑二网格", C4, ""],
            ["合计", "2个网格"]]
    exp = [{"region_id": C2 + "002", "name": "和平二网格", "level": "grid", "parent_id": C2, "party_branch": "和平社区第二网格党支部"},
           {"region_id": C4 + "002", "name": "光明苑二网格", "level": "grid", "parent_id": C4, "party_branch": None}]
    return other("区划：网格（15位编码）和小区党支部，GBK 标题行、合计行", "regions", "85_网格划分.csv", csv_file(rows, "gbk"),
                 exp, ["region_id"], ["按代码长度确定"])


@style
def partners_channels_xlsx(ps):
    rows = [["名称", "小类", "签约时间", "招募方式"], ["社区书屋", "人才工作室", D(2025, 5, 1), "网上报名"],
            ["老张修车铺", "商户", D(2025, 5, 2), "线下走访"]]
    exp = [_partner("P000003", "社区书屋", "社会力量", "人才工作室", "2025-05-01", channel="线上招募"),
           _partner("P000004", "老张修车铺", "市场主体", "爱心商铺", "2025-05-02", channel="线下挖掘")]
    return other("合伙人：招募方式“网上报名/线下走访”", "partners", "86_合伙人_渠道.xlsx", xlsx_file([Sheet("合伙人", rows)]),
                 exp, ["partner_id"])


def _household(hid, grid, comm, holder, phone, linked, designated, ended=None):
    return {"household_id": hid, "grid_id": grid, "community_id": comm, "holder_name": holder, "phone": phone,
            "linked_households": linked, "designated_on": designated, "ended_on": ended}


@style
def households_wps_gbk(ps):
    rows = [["大虞街道党员中心户名册"], ["序号", "社区", "网格", "中心户户主", "联系电话", "联系户数", "设立时间"],
            [1, "和平社区", "第一网格", "周大爷", "138 1234 5678", "15户", "2024年7月"],
            [2, "大虞街道幸福社区", "第二网格", "吴阿姨", "", "8", "2024年8月"], ["填表人：王芳", "", "", "", "", "", "2024年12月"]]
    exp = [_household("H000002", G3, C2, "周大爷", "13812345678", 15, "2024-07-01"),
           _household("H000003", G2, C1, "吴阿姨", None, 8, "2024-08-01")]
    return other("党员中心户：WPS GBK，标题行、填表人行，网格按名称在社区内查找", "party_households", "87_党员中心户.csv",
                 csv_file(rows, "gbk"), exp, ["household_id"], ["合计/签名"])


@style
def households_xlsx_two_row(ps):
    head1 = ["序号", "网格信息", "", "中心户信息", "", "", "设立日期"]
    head2 = ["", "社区", "网格编码", "户主姓名", "联系电话", "联系户数", ""]
    rows = [["党员中心户台账"], head1, head2, [1, "光明社区", G4, "郑叔", "13712345678", 20, D(2025, 1, 10)],
            [2, "", G1, "钱婶", "", 6, D(2025, 2, 1)]]
    merges = [(0, 0, 0, 6, "党员中心户台账"), (1, 0, 2, 0, "序号"), (1, 1, 1, 2, "网格信息"), (1, 3, 1, 5, "中心户信息"),
              (1, 6, 2, 6, "设立日期")]
    exp = [_household("H000002", G4, C4, "郑叔", "13712345678", 20, "2025-01-10"),
           _household("H000003", G1, C1, "钱婶", None, 6, "2025-02-01")]
    return other("党员中心户：Excel 合并单元格两行表头，网格写编码，社区留空取网格的", "party_households", "88_中心户.xlsx",
                 xlsx_file([Sheet("台账", rows, merges, text_columns=[2, 4])]), exp, ["household_id"],
                 ["表头占两行", "已取网格所属的社区"])


@style
def households_utf16(ps):
    rows = [["网格代码", "户主", "联系户", "挂牌日期", "撤销日期"], [G3, "冯姐", "12", "2023.5.1", "2025.1.31"]]
    exp = [_household("H000002", G3, C2, "冯姐", None, 12, "2023-05-01", "2025-01-31")]
    return other("党员中心户：Unicode 文本，只有网格代码", "party_households", "89_中心户.txt", csv_file(rows, "utf-16", "\t"),
                 exp, ["household_id"])


def _supply(sid, name, lst, partner, provider, cat, cap, starts, ends=None):
    return {"supply_id": sid, "name": name, "list": lst, "partner_id": partner, "provider_name": provider, "category": cat,
            "capacity": cap, "starts_on": starts, "ends_on": ends}


@style
def supplies_gbk_title(ps):
    rows = [["幸福合伙人服务供给清单（2025年）"], ["序号", "服务项目", "提供合伙人", "服务类别", "可服务人数", "上线日期"],
            [1, "四点半课堂", "区残联", "四点半课堂", "60人", "2025年3月1日"],
            [2, "爱心理发", "幸福里爱心超市", "家政", "120", "2025年3月5日"], ["合计", "", "", "", "180", ""]]
    exp = [_supply("S000003", "四点半课堂", "服务供给清单", "P000002", "区残联", "课业辅导", 60, "2025-03-01"),
           _supply("S000004", "爱心理发", "服务供给清单", "P000001", "幸福里爱心超市", "家政维修", 120, "2025-03-05")]
    return other("服务供给清单：GBK 标题、合计行，提供单位和清单类型按合伙人推出", "service_supplies", "90_供给清单.csv",
                 csv_file(rows, "gbk"), exp, ["supply_id"], ["已取合伙人名称", "按服务供给清单记录"])


@style
def supplies_xlsx_sheets(ps):
    rows = [["项目名称", "责任单位", "清单类型", "类别", "服务人次", "开始日期", "截止日期"],
            ["法律明白人进社区", "区司法局", "十进社区", "法律援助", 300, D(2025, 1, 1), None],
            ["义诊进社区", "区人民医院", "十进社区", "义诊", 800, D(2024, 6, 1), D(2025, 5, 31)]]
    exp = [_supply("S000003", "法律明白人进社区", "社区服务清单", None, "区司法局", "法律咨询", 300, "2025-01-01"),
           _supply("S000004", "义诊进社区", "社区服务清单", None, "区人民医院", "医疗健康", 800, "2024-06-01", "2025-05-31")]
    return other("社区服务清单：Excel，说明页在前，“十进社区”", "service_supplies", "91_十进社区.xlsx",
                 xlsx_file([Sheet("说明", [["填表说明"], ["每个服务项目一行"]]), Sheet("服务清单", rows)]), exp, ["supply_id"],
                 ["已读取工作表「服务清单」"])


@style
def supplies_pipe(ps):
    rows = [["清单编号", "服务名称", "清单", "提供方", "服务类型", "容量", "开始时间"],
            ["S000010", "心理疏导热线", "服务清单", "区心理协会", "心理疏导", "1000", "20250401"]]
    exp = [_supply("S000010", "心理疏导热线", "社区服务清单", None, "区心理协会", "心理关爱", 1000, "2025-04-01")]
    return other("服务清单：业务系统竖线分隔、八位日期", "service_supplies", "92_服务清单.txt", csv_file(rows, "utf-8", "|", "\n"),
                 exp, ["supply_id"])


@style
def supply_communities_names(ps):
    rows = [["服务项目", "服务社区"], ["爱心助餐", "和平社区"], ["爱心助餐", "大虞街道/幸福社区"], ["法律咨询进社区", "光明社区"]]
    exp = [{"supply_id": "S000001", "community_id": C2}, {"supply_id": "S000002", "community_id": C4}]
    return other("服务项目社区：按名称，已有的一对不变", "supply_communities", "93_项目社区.csv", csv_file(rows), exp,
                 ["supply_id", "community_id"])


@style
def supply_communities_codes_xlsx(ps):
    rows = [["项目编号", "街道", "社区代码"], ["S000002", "大虞街道", C1], ["S000002", "梨园街道", C3]]
    exp = [{"supply_id": "S000002", "community_id": C1}, {"supply_id": "S000002", "community_id": C3}]
    return other("服务项目社区：Excel，编号和代码", "supply_communities", "94_项目社区.xlsx",
                 xlsx_file([Sheet("覆盖社区", rows, text_columns=[0, 2])]), exp, ["supply_id", "community_id"])


@style
def supply_communities_gbk(ps):
    rows = [["服务项目覆盖社区"], ["服务项目名称", "所属街道", "覆盖社区"], ["爱心助餐", "梨园街道", "幸福社区"],
            ["爱心助餐", "梨园街道", "光明社区"], ["合计", "", "2"]]
    exp = [{"supply_id": "S000001", "community_id": C3}, {"supply_id": "S000001", "community_id": C4}]
    return other("服务项目社区：GBK 标题、合计行，同名社区按街道", "supply_communities", "95_覆盖社区.csv", csv_file(rows, "gbk"),
                 exp, ["supply_id", "community_id"], ["合计/签名"])


def _need(i, comm, grid, group, cat, src, raised, matched=None, met=None, supply=None):
    status = "已满足" if met else "已匹配" if matched else "待匹配"
    return {"need_id": i, "community_id": comm, "grid_id": grid, "need_group": group, "category": cat, "source": src,
            "raised_on": raised, "matched_on": matched, "met_on": met, "supply_id": supply, "status": status}


@style
def needs_wps_gbk(ps):
    rows = [["和平社区居民需求清单"], ["序号", "社区", "小区（网格）", "服务对象", "需求类别", "收集渠道", "登记日期", "对接日期",
                                  "办结日期", "对接服务项目"],
            [1, "和平社区", "第一网格", "老年人", "助餐", "入户走访", "2025年3月1日", "2025年3月3日", "2025年3月10日", "爱心助餐"],
            [2, "和平社区", "", "困难群众", "法律援助", "居民来访", "2025年3月2日", "2025年3月4日", "", "S000002"],
            [3, "和平社区", "第一网格", "儿童", "心理咨询", "问卷", "2025年3月5日", "", "", ""],
            ["填表人：李娜", "", "", "", "", "", "审核：大虞街道"]]
    exp = [_need(2, C2, G3, "一老", "助餐服务", "网格走访", "2025-03-01", "2025-03-03", "2025-03-10", "S000001"),
           _need(3, C2, None, "一困", "法律咨询", "居民来访", "2025-03-02", "2025-03-04", None, "S000002"),
           _need(4, C2, G3, "一小", "心理关爱", "问卷调查", "2025-03-05")]
    return other("居民需求清单：WPS GBK，标题、填表人行，状态按日期推出", "resident_needs", "96_需求清单.csv", csv_file(rows, "gbk"),
                 exp, ["need_id"], ["已按匹配和满足日期确定"])


@style
def needs_xlsx_two_row(ps):
    head1 = ["基本信息", "", "", "需求", "", "", "办理情况", "", "", ""]
    head2 = ["所属街道", "社区", "网格", "群体", "需求类别", "需求来源", "提出日期", "匹配日期", "满足日期", "状态"]
    rows = [head1, head2,
            ["大虞街道", "幸福社区", "第二网格", "一老", "助餐服务", "网格走访", D(2025, 5, 6), D(2025, 5, 7), None, "已对接"],
            ["梨园街道", "光明社区", G4, "其他", "家政维修", "线上", D(2025, 5, 8), None, None, "待对接"]]
    merges = [(0, 0, 0, 2, "基本信息"), (0, 3, 0, 5, "需求"), (0, 6, 0, 9, "办理情况")]
    exp = [_need(2, C1, G2, "一老", "助餐服务", "网格走访", "2025-05-06", "2025-05-07"),
           _need(3, C4, G4, "其他", "家政维修", "线上征集", "2025-05-08")]
    return other("居民需求清单：Excel，表头上方一行合并的分组名，状态写“已对接/待对接”", "resident_needs", "97_需求.xlsx",
                 xlsx_file([Sheet("需求", rows, merges, text_columns=[2])]), exp, ["need_id"])


@style
def needs_utf16_codes(ps):
    rows = [["社区代码", "网格编码", "需求群体", "需求类别", "需求来源", "提出日期"], [C1, G1, "一老", "医疗", "议事会", "2025.6.1"],
            [C3, "", "一小", "作业辅导", "小程序", "2025.6.2"]]
    exp = [_need(2, C1, G1, "一老", "医疗健康", "议事座谈", "2025-06-01"),
           _need(3, C3, None, "一小", "课业辅导", "线上征集", "2025-06-02")]
    return other("居民需求清单：Unicode 文本，社区和网格写代码", "resident_needs", "98_需求.txt", csv_file(rows, "utf-16", "\t"),
                 exp, ["need_id"])


def _studio(sid, name, comm, leader, founded, closed=None):
    return {"studio_id": sid, "name": name, "community_id": comm, "leader_id": leader, "founded_on": founded,
            "closed_on": closed}


@style
def studios_csv(ps):
    rows = [["工作室名称", "依托社区", "领办人身份证号", "命名日期"], ["王芳书记工作室", "梨园街道/幸福社区", ID3, "2025年1月"]]
    exp = [_studio("T0002", "王芳书记工作室", C3, "W0000003", "2025-01-01")]
    return other("书记工作室：领办人写身份证号，命名日期只有年月", "studios", "99_书记工作室.csv", csv_file(rows), exp,
                 ["studio_id"], ["只填了年月"])


@style
def studios_xlsx(ps):
    rows = [["兴村治社好书记工作室名单"], ["序号", "工作室", "所属街道", "所在社区", "领办书记编号", "挂牌时间", "撤销日期"],
            [1, "张伟书记工作室", "大虞街道", "幸福社区", "W0000001", D(2024, 9, 1), None],
            [2, "光明议事工作室", "梨园街道", "光明社区", "", D(2023, 3, 1), D(2025, 3, 1)]]
    exp = [_studio("T0002", "张伟书记工作室", C1, "W0000001", "2024-09-01"),
           _studio("T0003", "光明议事工作室", C4, None, "2023-03-01", "2025-03-01")]
    return other("书记工作室：Excel 合并标题，按街道区分同名社区", "studios", "100_工作室.xlsx",
                 xlsx_file([Sheet("名单", rows, [(0, 0, 0, 6, "兴村治社好书记工作室名单")])]), exp, ["studio_id"])


@style
def studios_gbk_ids(ps):
    rows = [["编号", "名称", "社区代码", "成立时间"], ["T0009", "和平书记工作室", C2, "2023.05"]]
    exp = [_studio("T0009", "和平书记工作室", C2, None, "2023-05-01")]
    return other("书记工作室：GBK，自带编号，年月写“2023.05”", "studios", "101_工作室.csv", csv_file(rows, "gbk"), exp,
                 ["studio_id"])


def _placement(i, cand, worker, studio, host, batch, started, ended=None):
    return {"placement_id": i, "candidate_id": cand, "worker_id": worker, "studio_id": studio, "host_community_id": host,
            "batch": batch, "started_on": started, "ended_on": ended}


@style
def placements_gbk_title(ps):
    rows = [["2025年第二批跟班实训人员名单"], ["后备人选", "跟班工作室", "批次", "开始时间", "结束时间"],
            ["刘洋", "李娜书记工作室", "2", "2025年3月1日", "2025年5月31日"], ["制表：大虞街道组织办"]]
    exp = [_placement(2, "R000001", None, "T0001", C2, 2, "2025-03-01", "2025-05-31")]
    return other("跟班实训：GBK 标题、制表行，后备人选写姓名，跟班社区取工作室的", "shadow_placements", "102_跟班实训.csv",
                 csv_file(rows, "gbk"), exp, ["placement_id"], ["已取实训工作室所在社区"])


@style
def placements_xlsx_workers(ps):
    rows = [["人员编号", "姓名", "实训社区", "期数", "起始日期", "结业日期"],
            ["W0000001", "张伟", "光明社区", 3, D(2025, 4, 1), D(2025, 6, 30)], ["W0000003", "王芳", "和平社区", 3, D(2025, 4, 1), None]]
    exp = [_placement(2, None, "W0000001", None, C4, 3, "2025-04-01", "2025-06-30"),
           _placement(3, None, "W0000003", None, C2, 3, "2025-04-01")]
    return other("跟班实训：Excel，社区工作者跟班（人员编号）", "shadow_placements", "103_跟班.xlsx",
                 xlsx_file([Sheet("跟班", rows)]), exp, ["placement_id"])


@style
def placements_utf16(ps):
    rows = [["后备人选编号", "工作室编号", "跟班社区", "批次", "开始日期", "结束日期"],
            ["R000001", "T0001", "和平社区", "4批", "2025年7月1日", ""]]
    exp = [_placement(2, "R000001", None, "T0001", C2, 4, "2025-07-01")]
    return other("跟班实训：Unicode 文本，编号，批次写“4批”", "shadow_placements", "104_跟班.txt", csv_file(rows, "utf-16", "\t"),
                 exp, ["placement_id"])


def _salon(i, title, region, held, attendance):
    return {"salon_id": i, "title": title, "region_id": region, "held_on": held, "attendance": attendance}


@style
def salons_gbk(ps):
    rows = [["2025年社区治理沙龙开展情况"], ["主题", "主办街道", "活动时间", "参与人数"],
            ["物业矛盾怎么调", "梨园街道", "2025年4月18日", "36人"], ["加装电梯议事", "大虞街道", "2025年5月9日", "42人"],
            ["合计", "", "", "78人"]]
    exp = [_salon(2, "物业矛盾怎么调", "370705002", "2025-04-18", 36), _salon(3, "加装电梯议事", "370705001", "2025-05-09", 42)]
    return other("治理沙龙：GBK 标题、合计行，人数带“人”", "salons", "105_治理沙龙.csv", csv_file(rows, "gbk"), exp,
                 ["salon_id"], ["合计/签名"])


@style
def salons_xlsx(ps):
    rows = [["沙龙名称", "区划", "日期", "到会人数"], ["领雁智汇：网格怎么划", "370705", D(2025, 6, 6), 80]]
    exp = [_salon(2, "领雁智汇：网格怎么划", "370705", "2025-06-06", 80)]
    return other("治理沙龙：Excel，区县代码", "salons", "106_沙龙.xlsx", xlsx_file([Sheet("沙龙", rows, text_columns=[1])]), exp,
                 ["salon_id"])


@style
def salons_pipe(ps):
    rows = [["沙龙主题", "举办区划", "举办日期", "参加人数"], ["青雁说事", "奎文区", "20250712", "25"]]
    exp = [_salon(2, "青雁说事", "370705", "2025-07-12", 25)]
    return other("治理沙龙：竖线分隔、八位日期、区县名称", "salons", "107_沙龙.txt", csv_file(rows, "utf-8", "|", "\n"), exp,
                 ["salon_id"])


def _rotation(i, wid, kind, host, post, started, ended=None):
    return {"rotation_id": i, "worker_id": wid, "kind": kind, "host_community_id": host, "host_post": post,
            "started_on": started, "ended_on": ended}


@style
def rotations_csv(ps):
    rows = [["姓名", "身份证号", "交流社区", "挂职岗位", "开始时间", "结束时间"],
            ["张伟", ID1, "光明社区", "副主任", "2025-03-01", "2025-08-31"], ["李娜", ID2, "和平社区", "综治专干", "2025-03-01", ""]]
    exp = [_rotation(2, "W0000001", "跨社区", C4, "副主任", "2025-03-01", "2025-08-31"),
           _rotation(3, "W0000002", "跨岗位", C2, "综治专干", "2025-03-01")]
    return other("跨岗位跨社区锻炼：锻炼方式按社区推出", "rotations", "108_锻炼.csv", csv_file(rows), exp, ["rotation_id"],
                 ["已按锻炼社区与本人社区确定"])


@style
def rotations_xlsx_two_row(ps):
    head1 = ["人员", "", "锻炼安排", "", "", "", "锻炼时间", ""]
    head2 = ["人员编号", "姓名", "锻炼方式", "街道", "社区", "岗位", "开始日期", "结束日期"]
    rows = [head1, head2, ["W0000003", "王芳", "挂职锻炼", "大虞街道", "幸福社区", "社区副书记", D(2025, 2, 1), D(2025, 7, 31)]]
    merges = [(0, 0, 0, 1, "人员"), (0, 2, 0, 5, "锻炼安排"), (0, 6, 0, 7, "锻炼时间")]
    exp = [_rotation(2, "W0000003", "跨社区", C1, "社区副书记", "2025-02-01", "2025-07-31")]
    return other("跨社区锻炼：Excel，表头上方一行合并的分组名，方式写“挂职锻炼”", "rotations", "109_锻炼.xlsx",
                 xlsx_file([Sheet("锻炼", rows, merges)]), exp, ["rotation_id"], ["跳过了表头上方的 1 行"])


@style
def rotations_gbk_post(ps):
    rows = [["社区工作者跨岗位锻炼名单"], ["身份证号", "锻炼类型", "岗位", "开始日期"], [ID1, "轮岗", "网格员", "2025.09"]]
    exp = [_rotation(2, "W0000001", "跨岗位", C1, "网格员", "2025-09-01")]
    return other("跨岗位锻炼：GBK，“轮岗”，锻炼社区取本人的", "rotations", "110_轮岗.csv", csv_file(rows, "gbk"), exp,
                 ["rotation_id"], ["已取本人所在社区", "只填了年月"])


def _resource(rid, kind, name, region, members, established, ended=None):
    return {"resource_id": rid, "kind": kind, "name": name, "region_id": region, "members": members,
            "established_on": established, "ended_on": ended}


@style
def resources_gbk(ps):
    rows = [["奎文区社区工作者培训阵地资源汇总表"], ["序号", "类别", "名称", "所在地", "讲师人数", "认定日期"],
            [1, "教学点", "光明社区现场教学点", "光明社区", "", "2025年1月"], [2, "讲师团", "奎文区讲师团", "奎文区", "25人", "2024年6月"],
            [3, "专题", "网格治理精品专题", "大虞街道", "", "2024年9月"], ["填表人：组织部"]]
    exp = [_resource("J00002", "现场教学点", "光明社区现场教学点", C4, None, "2025-01-01"),
           _resource("J00003", "师资库", "奎文区讲师团", "370705", 25, "2024-06-01"),
           _resource("J00004", "精品专题", "网格治理精品专题", "370705001", None, "2024-09-01")]
    return other("培训阵地资源：GBK 标题、填表人行，类别简写", "training_resources", "111_阵地资源.csv", csv_file(rows, "gbk"),
                 exp, ["resource_id"], ["合计/签名"])


@style
def resources_xlsx_sheets(ps):
    rows = [["资源类型", "资源名称", "所属区县", "签约日期", "到期日期"], ["合作院校", "潍坊学院", "奎文区", D(2024, 1, 1), D(2026, 12, 31)],
            ["特色课程", "居民议事十法", "奎文区", D(2024, 3, 1), None]]
    exp = [_resource("J00002", "合作院校", "潍坊学院", "370705", None, "2024-01-01", "2026-12-31"),
           _resource("J00003", "特色课程", "居民议事十法", "370705", None, "2024-03-01")]
    return other("培训阵地资源：Excel，说明页在前", "training_resources", "112_阵地.xlsx",
                 xlsx_file([Sheet("说明", [["院校和课程"]]), Sheet("资源", rows)]), exp, ["resource_id"])


@style
def resources_utf16(ps):
    rows = [["资源编号", "资源类型", "名称", "所在区划", "设立日期"], ["J00010", "现场教学基地", "幸福社区教学点", C1, "2023.4.1"]]
    exp = [_resource("J00010", "现场教学点", "幸福社区教学点", C1, None, "2023-04-01")]
    return other("培训阵地资源：Unicode 文本，自带编号", "training_resources", "113_阵地.txt", csv_file(rows, "utf-16", "\t"), exp,
                 ["resource_id"])


def _dimension(did, zh, en, order, threshold, programme):
    return {"dimension_id": did, "name_zh": zh, "name_en": en, "display_order": order, "threshold": threshold,
            "programme": programme}


@style
def dimensions_gbk_upsert(ps):
    rows = [["胜任力模型（2025年修订）"], ["维度编号", "维度名称", "英文名称", "排序", "薄弱线", "对应培训项目"],
            ["political", "政治素质", "Political integrity", "1", "65", "头雁领航工程"],
            ["mass_work", "群众工作", "Working with residents", "2", "62.5", "现场教学点"],
            ["learning", "学习能力", "Learning", "7", "60", "青雁成长计划"]]
    exp = [_dimension("learning", "学习能力", "Learning", 7, "60.0", "青雁成长"),
           _dimension("mass_work", "群众工作", "Working with residents", 2, "62.5", "现场教学"),
           _dimension("political", "政治素质", "Political integrity", 1, "65.0", "头雁领航")]
    return other("胜任力维度：GBK 标题，更新薄弱线、新增维度", "competency_dimensions", "114_胜任力模型.csv",
                 csv_file(rows, "gbk"), exp, ["dimension_id"], mode="upsert")


@style
def dimensions_xlsx_new(ps):
    rows = [["维度代码", "测评维度", "英文名", "顺序", "合格线", "提升培训"], ["innovation", "创新能力", "", 8, None, "治理沙龙"]]
    exp = [_dimension("innovation", "创新能力", "innovation", 8, "60.0", "治理沙龙")]
    return other("胜任力维度：Excel，英文名和薄弱线留空", "competency_dimensions", "115_维度.xlsx", xlsx_file([Sheet("维度", rows)]),
                 exp, ["dimension_id"], ["已用维度编号", "按 60 分记录"])


@style
def dimensions_utf16(ps):
    rows = [["维度编号", "维度名称", "英文名称", "显示顺序", "阈值", "对应培训"],
            ["digital", "数字化应用", "Digital skills", "6", "70", "青雁成长"]]
    exp = [_dimension("digital", "数字化应用", "Digital skills", 6, "70.0", "青雁成长")]
    return other("胜任力维度：Unicode 文本，更新一个维度", "competency_dimensions", "116_维度.txt", csv_file(rows, "utf-16", "\t"),
                 exp, ["dimension_id"], mode="upsert")


def _score_row(wid, dim, on, score):
    return {"worker_id": wid, "dimension_id": dim, "assessed_on": on, "score": score}


@style
def scores_gbk_title(ps):
    rows = [["2025年社区工作者胜任力测评得分"], ["姓名", "身份证号", "测评维度", "测评时间", "得分"],
            ["张伟", ID1, "政治素质", "2025年6月15日", "82"], ["张伟", ID1, "群众工作", "2025年6月15日", "58.5"],
            ["李娜", ID2, "应急处置", "2025年6月15日", "91"], ["审核：组织部", "", "", "", ""]]
    exp = [_score_row("W0000001", "mass_work", "2025-06-15", "58.5"), _score_row("W0000001", "political", "2025-06-15", "82.0"),
           _score_row("W0000002", "emergency", "2025-06-15", "91.0")]
    return other("胜任力测评：GBK 标题、审核行，维度写名称", "competency_scores", "117_测评.csv", csv_file(rows, "gbk"), exp,
                 ["worker_id", "dimension_id", "assessed_on"], ["合计/签名"])


@style
def scores_xlsx_codes(ps):
    rows = [["人员编号", "维度编号", "测评日期", "分数"], ["W0000003", "rule_of_law", D(2025, 6, 16), 77.5],
            ["W0000003", "coordination", D(2025, 6, 16), 69]]
    exp = [_score_row("W0000003", "coordination", "2025-06-16", "69.0"),
           _score_row("W0000003", "rule_of_law", "2025-06-16", "77.5")]
    return other("胜任力测评：Excel 数字和日期单元格，维度写编号", "competency_scores", "118_测评.xlsx",
                 xlsx_file([Sheet("得分", rows)]), exp, ["worker_id", "dimension_id", "assessed_on"])


@style
def scores_utf16_english(ps):
    rows = [["身份证号", "能力维度", "评价日期", "成绩"], [ID2, "Digital skills", "2025.6.20", "88"]]
    exp = [_score_row("W0000002", "digital", "2025-06-20", "88.0")]
    return other("胜任力测评：Unicode 文本，维度写英文名", "competency_scores", "119_测评.txt", csv_file(rows, "utf-16", "\t"),
                 exp, ["worker_id", "dimension_id", "assessed_on"])


def _secondment(i, wid, borrower, kind, started, ended=None):
    return {"secondment_id": i, "worker_id": wid, "borrower": borrower, "borrower_kind": kind, "started_on": started,
            "ended_on": ended}


@style
def secondments_gbk(ps):
    rows = [["社区工作者借调情况统计"], ["姓名", "身份证号", "借用单位", "借调时间"], ["李娜", ID2, "大虞街道办事处", "2025.02"],
            ["王芳", ID3, "奎文区民政局", "2025.03"]]
    exp = [_secondment(2, "W0000002", "大虞街道办事处", "街道", "2025-02-01"),
           _secondment(3, "W0000003", "奎文区民政局", "区直部门", "2025-03-01")]
    return other("借调：GBK 标题，单位类型按名称判断", "secondments", "120_借调.csv", csv_file(rows, "gbk"), exp,
                 ["secondment_id"], ["已按借调单位名称判断", "只填了年月"])


@style
def secondments_xlsx(ps):
    rows = [["人员编号", "借调部门", "单位类别", "开始日期", "返岗日期"],
            ["W0000001", "区融媒体中心", "区直单位", D(2025, 1, 6), D(2025, 4, 30)]]
    exp = [_secondment(2, "W0000001", "区融媒体中心", "区直部门", "2025-01-06", "2025-04-30")]
    return other("借调：Excel，单位类别“区直单位”", "secondments", "121_借调.xlsx", xlsx_file([Sheet("借调", rows)]), exp,
                 ["secondment_id"])


@style
def secondments_pipe(ps):
    rows = [["人员编号", "借入单位", "单位性质", "借出日期", "归还日期"], ["W0000003", "区老年大学", "其它", "20250301", "20250630"]]
    exp = [_secondment(2, "W0000003", "区老年大学", "其他单位", "2025-03-01", "2025-06-30")]
    return other("借调：竖线分隔、八位日期、“其它”", "secondments", "122_借调.txt", csv_file(rows, "utf-8", "|", "\n"), exp,
                 ["secondment_id"])


def _outcome(wid, year, outcome, decided):
    return {"worker_id": wid, "year": year, "outcome": outcome, "decided_on": decided}


@style
def outcomes_gbk(ps):
    rows = [["2024年度考核结果运用情况"], ["人员编号", "姓名", "考核年度", "结果运用", "处理日期"],
            ["W0000002", "李娜", "2024年", "发放绩效工资", "2025年1月20日"], ["W0000002", "李娜", "2024年", "续签合同", "2025年1月20日"]]
    exp = [_outcome("W0000002", 2024, "绩效工资", "2025-01-20"), _outcome("W0000002", 2024, "续聘", "2025-01-20")]
    return other("考核结果运用：GBK 标题，“发放绩效工资/续签合同”", "assessment_outcomes", "123_结果运用.csv",
                 csv_file(rows, "gbk"), exp, ["worker_id", "year", "outcome"])


@style
def outcomes_xlsx(ps):
    rows = [["身份证号", "年度", "处理方式", "决定时间"], [ID3, 2024, "诫勉", D(2025, 2, 10)]]
    exp = [_outcome("W0000003", 2024, "诫勉谈话", "2025-02-10")]
    return other("考核结果运用：Excel，按身份证号", "assessment_outcomes", "124_结果运用.xlsx",
                 xlsx_file([Sheet("运用", rows, text_columns=[0])]), exp, ["worker_id", "year", "outcome"])


@style
def outcomes_utf16(ps):
    rows = [["人员编号", "年度", "运用方式", "执行日期"], ["W0000003", "2023", "降职", "2024.3.1"]]
    exp = [_outcome("W0000003", 2023, "降职使用", "2024-03-01")]
    return other("考核结果运用：Unicode 文本，“降职”", "assessment_outcomes", "125_结果运用.txt",
                 csv_file(rows, "utf-16", "\t"), exp, ["worker_id", "year", "outcome"])


# --- writing it out ------------------------------------------------------------------------------


def entries() -> list[Entry]:
    ps = people()
    return [fn(ps) for fn in ENTRIES]


def build(folder: Path) -> list[Path]:
    """Write every file and its expected rows beside it; returns the files, in corpus order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for e in entries():
        path = folder / e.file_name
        path.write_bytes(e.data)
        expected = {"table": e.table, "style": e.style, "sheet": e.sheet, "mode": e.mode, "mapping": e.mapping,
                    "key": e.key, "rows": e.rows, "related": {k: v for k, v in e.related.items() if v},
                    "notices": e.notices}
        (folder / (e.file_name + ".expected.json")).write_text(json.dumps(expected, ensure_ascii=False, indent=1),
                                                                encoding="utf-8")
        out.append(path)
    return out


def expected_of(path: Path) -> dict:
    return json.loads(Path(str(path) + ".expected.json").read_text(encoding="utf-8"))


if __name__ == "__main__":
    files = build(Path(sys.argv[1] if len(sys.argv) > 1 else "import_corpus"))
    print(f"{len(files)} files written")
