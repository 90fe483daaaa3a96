"""Bytes of a CSV/TSV/Excel file → a TEMP table of text cells with the file's row numbers.

Text files: the encoding is detected (BOM, UTF-8, GB18030 ⊇ GBK, UTF-16), the delimiter and
the header are found in the first rows (title rows above it, a two-row header with group labels
over field labels, a template's notes row below it), the data part is transcoded to UTF-8 and
DuckDB's read_csv loads it as VARCHAR. Files DuckDB's strict reader does not take (blank lines,
ragged rows, stray quotes, undecodable bytes) are split into records in Python, which keeps every
record and its row number; a quote that never closes is read as an ordinary character instead of
swallowing the rows after it. Excel files (xlsx/xls/ods) are read with python-calamine; number
cells in date and ID columns are marked so that "1985.1" and damaged ID numbers can be
recognised, and an .xlsx sheet's XML is scanned for what calamine does not say: hidden rows,
formulas without a stored result, error cells (#N/A). Without a chosen sheet, the first sheet
that has the table's header is read.

Row numbers are those a spreadsheet shows: the header row's number plus the record index.
Footer rows (合计, 填表人 …) and rows whose imported columns are all empty are set aside.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import gc
import hashlib
import html
import io
import os
import re
import tempfile
import threading
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from cgw.ingest.importer import headers, settings, transcode
from cgw.ingest.importer.convert import NUMBER_CELL
from cgw.ingest.importer.errors import ImportFailed
from cgw.ingest.importer.specs import TableSpec

HEAD_BYTES = 512 * 1024
DELIMITERS = (",", "\t", ";", "|")
FORMAT_NAMES = {"csv": "CSV", "tsv": "TSV", "xlsx": "Excel", "xls": "Excel 97-2003", "ods": "OpenDocument 表格"}
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8（带 BOM）", "gb18030": "GBK/GB18030",
                  "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}  # fmt: skip
_FOOTER_WORDS = ("合计", "总计", "小计", "共计", "制表", "填表", "审核", "负责人", "填报", "报送", "统计人", "说明：",
                 "说明:", "注：", "注:", "备注：", "备注:", "单位（盖章）", "单位(盖章)")
# A cell holding a formula whose result was never computed (files written by programs): the marker,
# then the formula. Validation reports it instead of reading the cell as empty.
FORMULA_CELL = "\ue001"
# A quoted cell may span lines (Alt+Enter in Excel); a quote still open after this many lines was a
# stray character.
MAX_CELL_LINES = 50

csv.field_size_limit(1 << 30)
# The UTF-8 copy DuckDB reads lives briefly in memory-backed storage where there is some.
_TEMP_DIR = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
_HASH_IN_BACKGROUND = 4 << 20


class Source:
    """A file's name and bytes. Its SHA-256 (for the import log) is computed in a background
    thread while the file is read: hashlib runs without the GIL."""

    def __init__(self, file_name: str, data: bytes, sha256: str | None = None):
        self.file_name = file_name
        self.data = data
        self._sha256 = sha256
        self._hashing: threading.Thread | None = None
        if sha256 is None and len(data) >= _HASH_IN_BACKGROUND:
            self._hashing = threading.Thread(target=self._hash, daemon=True)
            self._hashing.start()

    def _hash(self) -> None:
        self._sha256 = hashlib.sha256(self.data).hexdigest()

    @property
    def sha256(self) -> str:
        if self._hashing is not None:
            self._hashing.join()
            self._hashing = None
        if self._sha256 is None:
            self._hash()
        return self._sha256


def load_source(path_or_bytes, file_name: str | None = None) -> Source:
    limit = settings.max_upload_bytes()
    mb = limit / 1024 / 1024
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        name = file_name or "上传的文件"
    elif hasattr(path_or_bytes, "read"):
        data = path_or_bytes.read(limit + 1)
        name = file_name or getattr(path_or_bytes, "name", None) or "上传的文件"
    elif not isinstance(path_or_bytes, (str, os.PathLike)):
        raise ImportFailed(f"无法读取：需要文件路径或文件内容，收到的是 {type(path_or_bytes).__name__}", file_name=file_name)
    else:
        path = Path(path_or_bytes)
        name = file_name or path.name
        try:
            if path.stat().st_size > limit:
                raise ImportFailed(f"文件大小 {path.stat().st_size / 1024 / 1024:.1f} MB 超过上限 {mb:g} MB：请拆分后分批导入",
                                   file_name=name)
            data = path.read_bytes()
        except FileNotFoundError:
            raise ImportFailed("文件不存在：请检查路径", file_name=name) from None
        except IsADirectoryError:
            raise ImportFailed("这是一个文件夹，不是文件", file_name=name) from None
        except PermissionError:
            raise ImportFailed("没有读取该文件的权限", file_name=name) from None
        except OSError as e:
            raise ImportFailed(f"无法读取文件：{e.strerror or e}", file_name=name) from None
    if len(data) > limit:
        raise ImportFailed(f"文件大小超过上限 {mb:g} MB：请拆分后分批导入", file_name=name)
    if not data[:65536].strip() and not data.strip():
        raise ImportFailed("文件是空的", file_name=name)
    return Source(name, data)



@dataclass
class RawTable:
    """The TEMP relation `raw` (line INTEGER, c0 … VARCHAR) on the cursor, and what was found."""

    fmt: str
    encoding: str | None
    sheet: str | None
    headers: list[str]  # per file column as shown: "基本情况 / 性别" under a two-row header
    header_row: int  # spreadsheet row number of the (first) header row
    match: headers.HeaderMatch
    header_rows: int = 1  # 2 for a two-row header
    rows: int = 0
    notices: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # every sheet of a workbook
    hidden_rows: list[int] = field(default_factory=list)  # data rows hidden in Excel (imported)

    @property
    def described(self) -> str:
        parts = [FORMAT_NAMES.get(self.fmt, self.fmt)]
        if self.encoding:
            parts.append(ENCODING_NAMES.get(self.encoding, self.encoding))
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        return "，".join(parts)


def sniff_format(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        return "ods" if b"mimetypeapplication/vnd.oasis.opendocument" in data[:200] else "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    return "text"


def _xlsx_sheet_names(data: bytes) -> list[str] | None:
    """The sheets of an .xlsx from its workbook.xml (calamine reads the whole shared-string table
    just to open a workbook: seconds for a large one)."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    names = [html.unescape(m.group(1)) for m in re.finditer(r'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"', book)]
    return names or None


def sheet_names(data: bytes) -> list[str]:
    """The sheets of an Excel/ODS file; [] for a text file or an unreadable workbook."""
    fmt = sniff_format(data)
    if fmt == "text":
        return []
    if fmt == "xlsx" and (names := _xlsx_sheet_names(data)) is not None:
        return names
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names)
    except Exception:  # noqa: BLE001 - a damaged file is reported when it is read
        return []


def _head_rows(data: bytes, sheet: str | None) -> list[list[object]]:
    """The first rows of a file (of `sheet`, or of the first sheet with content), for guesses."""
    if sniff_format(data) == "text":
        enc, bom = _detect_encoding(data, "")
        head = codecs.getincrementaldecoder(enc)("replace").decode(data[bom : bom + 64 * 1024], final=False)
        best = max((split_records(head, d, settings.HEADER_SEARCH_ROWS) for d in DELIMITERS),
                   key=lambda recs: max((len(r.cells) for r in recs), default=0))
        return [r.cells for r in best]
    from python_calamine import CalamineWorkbook

    wb = None
    for name in [sheet] if sheet else sheet_names(data):
        rows = xlsx_head(data, name, settings.HEADER_SEARCH_ROWS) if sniff_format(data) == "xlsx" else None
        if rows is None:  # not an .xlsx, or XML this reader does not follow: calamine reads it all
            wb = wb or CalamineWorkbook.from_filelike(io.BytesIO(data))
            rows = [[_cell_text(v, False) for v in r]
                    for r in wb.get_sheet_by_name(name).to_python()[: settings.HEADER_SEARCH_ROWS]]
        if rows or sheet:
            return rows
    return []


_LOCAL = re.compile(r"^\{[^}]*\}")


def xlsx_head(data: bytes, sheet: str, limit: int) -> list[list[object]] | None:
    """The first `limit` rows of an .xlsx sheet, read from the start of its XML (and of the shared
    strings, which Excel numbers in order of first use): guessing the table or the header of a
    100,000-row workbook need not parse all of it. None when the XML is not as expected."""
    import xml.etree.ElementTree as ET

    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        path = _sheet_xml_path(z, sheet)
        if path is None:
            return None
        rows: list[dict[int, tuple[str, str]]] = []
        with z.open(path) as f:
            for _event, el in ET.iterparse(f, events=("end",)):
                tag = _LOCAL.sub("", el.tag)
                if tag != "row":
                    continue
                cells = {}
                for c in el:
                    if _LOCAL.sub("", c.tag) != "c":
                        continue
                    ref = re.match(r"([A-Z]+)", c.get("r", ""))
                    if ref is None:
                        return None
                    kind = c.get("t", "n")
                    v = next((x for x in c if _LOCAL.sub("", x.tag) == "v"), None)
                    text = "".join(c.itertext()) if kind == "inlineStr" else (v.text if v is not None else None)
                    if text is not None:
                        cells[_col_index(ref.group(1).encode())] = (kind, text)
                rows.append(cells)
                el.clear()
                if len(rows) >= limit:
                    break
        wanted = {int(t) for r in rows for k, t in r.values() if k == "s"}
        strings: dict[int, str] = {}
        if wanted:
            with z.open("xl/sharedStrings.xml") as f:
                i = 0
                for _event, el in ET.iterparse(f, events=("end",)):
                    if _LOCAL.sub("", el.tag) != "si":
                        continue
                    if i in wanted:
                        strings[i] = "".join(t.text or "" for t in el.iter() if _LOCAL.sub("", t.tag) == "t")
                    el.clear()
                    i += 1
                    if i > max(wanted):
                        break
        out = []
        for r in rows:
            width = max(r, default=-1) + 1
            out.append([(strings.get(int(r[j][1])) if r[j][0] == "s" else r[j][1]) if j in r else None
                        for j in range(width)])
        return out
    except (KeyError, ValueError, zipfile.BadZipFile, ET.ParseError, OSError):
        return None


def guess_tables(data: bytes, sheet: str | None = None) -> list[tuple[str, float]]:
    """Tables whose headers the file's first rows match, best first: (table, share of its columns)."""
    from cgw.ingest.importer.specs import TABLES

    try:
        rows = _head_rows(data, sheet)
    except Exception:  # noqa: BLE001 - a guess only; reading reports the real problem
        return []
    scored = []
    for spec in TABLES:
        stored = {c.name for c in spec.columns if c.stored}
        best = 0
        for cand in _candidates(rows, spec, None):
            best = max(best, len(stored & {n for i, n in cand.match.columns.items()
                                           if cand.match.how.get(i) != headers.BY_SIMILARITY}))
        if best >= 2:
            scored.append((best, best / len(stored), spec.name))
    # Most matched columns first; among equals, the table the file covers best.
    return [(name, share) for _, share, name in sorted(scored, key=lambda t: (-t[0], -t[1]))]


def file_headers(data: bytes, table: str, sheet: str | None = None) -> list[str]:
    """The header cells of a file as the preview shows them ([] when none is found): what saved
    import profiles are matched against."""
    from cgw.ingest.importer.specs import spec as spec_of

    try:
        return find_header(_head_rows(data, sheet), spec_of(table), "").shown
    except Exception:  # noqa: BLE001 - a guess only; reading reports the real problem
        return []


def read(cur: duckdb.DuckDBPyConnection, src: Source, spec: TableSpec, sheet: str | None = None,
         progress=None, overrides: dict[str, str] | None = None) -> RawTable:
    """`overrides`: the analyst's column mapping (file header → column, or "" to leave it out)."""
    progress = progress or (lambda f, m: None)
    fmt = sniff_format(src.data)
    if fmt == "text":
        return _read_text(cur, src, spec, progress, overrides)
    return _read_workbook(cur, src, spec, fmt, sheet, progress, overrides)


# --- header search -----------------------------------------------------------------------------


def _text(v: object) -> str:
    return "" if v is None else str(v).strip()


@dataclass
class Header:
    start: int  # index (in the rows searched) of the first header row
    height: int  # 1, or 2 for group labels over field labels
    cells: list[str]  # the field labels
    groups: list[str]  # the group label over each field label ("" when none)
    match: headers.HeaderMatch

    @property
    def shown(self) -> list[str]:
        return [f"{g} / {c}" if g else c for c, g in zip(self.cells, self.groups)]

    @property
    def rank(self) -> tuple:
        return self.match.sure, self.match.score, -self.height


def combine(upper: list[object], lower: list[object]) -> tuple[list[str], list[str]]:
    """A two-row header as (field labels, group labels). A label in the upper row names the
    columns under it that have a label in the lower row (a merged group cell: "基本情况" over
    性别/民族/出生年月); an upper label with nothing under it names its own column (a cell merged
    down over both rows: 姓名)."""
    width = max(len(upper), len(lower))
    cells, groups, carry = [], [], ""
    for j in range(width):
        u = _text(upper[j]) if j < len(upper) else ""
        lo = _text(lower[j]) if j < len(lower) else ""
        if u:
            carry = u
        elif not lo:
            carry = ""
        if lo:
            cells.append(lo)
            groups.append(carry if carry != lo else "")
        else:
            cells.append(u)
            groups.append("")
            carry = ""
    return cells, groups


def _candidates(rows: list[list[object]], spec: TableSpec, overrides) -> list[Header]:
    """Every row (and pair of rows) that could be the header, ranked by exact matches only: matching
    by similarity is for the header chosen (find_header), not for every data row searched."""
    out = []
    limit = min(len(rows), settings.HEADER_SEARCH_ROWS)
    for i in range(limit):
        cells = [_text(c) for c in rows[i]]
        if not any(cells):
            continue
        out.append(Header(i, 1, cells, [""] * len(cells), headers.match(cells, spec, overrides=overrides, fuzzy=False)))
        if i + 1 < len(rows) and any(_text(c) for c in rows[i + 1]):
            both, groups = combine(rows[i], rows[i + 1])
            if any(groups):
                out.append(Header(i, 2, both, groups, headers.match(both, spec, groups, overrides=overrides,
                                                                    fuzzy=False)))
    return out


def _need(spec: TableSpec) -> int:
    return min(2, len([c for c in spec.columns if c.stored]))


def find_header(rows: list[list[object]], spec: TableSpec, file_name: str, overrides=None,
                where: str = "") -> Header:
    """The best header among the first rows: single rows, and pairs of rows read as a two-row
    header (which must beat both rows on their own)."""
    found = _candidates(rows, spec, overrides)
    singles = {h.start: h for h in found if h.height == 1}
    best = None
    for h in found:
        if h.height == 2:
            alone = max((singles[k].rank for k in (h.start, h.start + 1) if k in singles), default=(0, 0, 0))
            if h.rank[:2] <= alone[:2]:
                continue
        if best is None or h.rank > best.rank:
            best = h
    if best is not None:  # now with similar headers too
        best.match = headers.match(best.cells, spec, best.groups if best.height == 2 else None, overrides=overrides)
    if best is None or best.match.sure < _need(spec):
        expected = "、".join(c.header_zh for c in spec.columns if c.stored and c.required)
        raise ImportFailed(
            f"{where}前 {settings.HEADER_SEARCH_ROWS} 行中找不到「{spec.title_zh}」的表头：至少应有 {expected} 等列名"
            f"（也认常见写法，如 公民身份号码、社区名称）。请确认选择的表是否正确，或下载模板对照列名",
            file_name=file_name,
        )
    return best


def _is_notes_row(cells: list[object], match: headers.HeaderMatch, spec: TableSpec) -> bool:
    """The template's row of notes under the header (kept when a template is filled in)."""
    filled = [(i, str(c).strip()) for i, c in enumerate(cells) if c is not None and str(c).strip()]
    if not filled:
        return False
    if filled[0][1].startswith(("填写说明", "说明：", "【说明】")):
        return True
    notes = {i: spec.column(name).note_zh() for i, name in match.columns.items()}
    hits = sum(1 for i, text in filled if notes.get(i) == text)
    return hits >= max(1, (len(filled) + 1) // 2)


def _raw_table(fmt, encoding, sheet, h: Header, row_offset: int, notices: list[str]) -> RawTable:
    return RawTable(fmt, encoding, sheet, h.shown, row_offset + h.start + 1, h.match, h.height, notices=notices)


def _header_notices(h: Header, row_offset: int) -> list[str]:
    out = []
    if h.start:
        out.append(f"跳过了表头上方的 {h.start} 行（标题等）")
    if h.height == 2:
        first = row_offset + h.start + 1
        out.append(f"表头占两行（第 {first}、{first + 1} 行），上一行是分组名（如「{next(g for g in h.groups if g)}」）")
    return out


# --- text files --------------------------------------------------------------------------------


def _detect_encoding(data: bytes, file_name: str) -> tuple[str, int]:
    """(codec, BOM length)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    head = data[:4096]
    if len(head) >= 4:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
            return "utf-16-le", 0
        if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
            return "utf-16-be", 0
    if b"\x00" in data[:HEAD_BYTES]:
        raise ImportFailed("这不是文本文件（含有二进制内容）：请上传 CSV、TSV 或 Excel 文件", file_name=file_name)
    head = data[:HEAD_BYTES]
    for enc in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(enc)("strict").decode(head, final=len(head) == len(data))
            return enc, 0
        except UnicodeDecodeError:
            continue
    bad = {enc: head.decode(enc, errors="replace").count("\ufffd") for enc in ("utf-8", "gb18030")}
    enc = min(bad, key=bad.get)
    if bad[enc] > max(3, len(head) // 200):
        raise ImportFailed(
            "无法识别文件编码（不是 UTF-8，也不是 GBK/GB18030 或 UTF-16）：请在 Excel/WPS 中另存为「CSV UTF-8」或 Excel 工作簿",
            file_name=file_name,
        )
    return enc, 0




@dataclass
class Record:
    cells: list[str]
    end: int  # character offset just after the record
    stray_quote: bool = False  # a quote that never closed, read as an ordinary character


def _lines_with_offsets(text: str):
    pos = 0
    for line in io.StringIO(text, newline=""):
        pos += len(line)
        yield line, pos


def split_records(text: str, delimiter: str, limit: int | None = None, width: int | None = None) -> list[Record]:
    """The records of delimited text, each with the offset after it. A quoted cell may run over
    several lines (Alt+Enter); a quote that does not close within MAX_CELL_LINES lines, or whose
    record would not have `width` cells, was a stray character: that line is read on its own with
    quotes as ordinary characters, and the next line starts the next record (the Python csv
    module's lenient mode would instead run on to the next quote, swallowing the rows between)."""
    lines = list(_lines_with_offsets(text))
    out: list[Record] = []
    i, n = 0, len(lines)
    while i < n and (limit is None or len(out) < limit):
        line, end = lines[i]
        if '"' not in line:
            body = line.rstrip("\r\n")
            out.append(Record(body.split(delimiter) if body else [], end))
            i += 1
            continue
        rec, used = _quoted_record(lines, i, delimiter, width)
        if rec is None:
            body = line.rstrip("\r\n")
            cells = next(csv.reader([body], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
            out.append(Record(cells, end, stray_quote=True))
            i += 1
        else:
            out.append(Record(rec, lines[i + used - 1][1]))
            i += used
    return out


def _quoted_record(lines, i: int, delimiter: str, width: int | None) -> tuple[list[str] | None, int]:
    """The record starting at line `i` read with quotes, and the number of lines it takes; (None,
    0) when its quote does not close in time."""
    parts, quotes = [], 0
    for used in range(1, min(MAX_CELL_LINES, len(lines) - i) + 1):
        line = lines[i + used - 1][0]
        parts.append(line)
        quotes += line.count('"')
        if quotes % 2:
            continue  # still inside a quoted cell (doubled quotes come in pairs)
        try:
            recs = list(csv.reader(io.StringIO("".join(parts), newline=""), delimiter=delimiter, strict=True))
        except csv.Error:
            return None, 0
        if len(recs) != 1:
            return None, 0
        if used > 1 and width is not None and len(recs[0]) != width:
            return None, 0
        return recs[0], used
    return None, 0


def _read_text(cur, src: Source, spec: TableSpec, progress, overrides) -> RawTable:
    name = src.file_name
    enc, bom = _detect_encoding(src.data, name)
    head_bytes = src.data[bom : bom + HEAD_BYTES]
    complete = bom + HEAD_BYTES >= len(src.data)
    head = codecs.getincrementaldecoder(enc)("replace").decode(head_bytes, final=complete)
    limit = settings.HEADER_SEARCH_ROWS + 50
    best, failure = None, None
    for delim in DELIMITERS:
        recs = split_records(head, delim, limit)
        if not recs:
            continue
        try:
            h = find_header([r.cells for r in recs], spec, name, overrides)
        except ImportFailed as e:
            failure = failure or e
            continue
        if best is None or h.rank > best[1].rank:
            best = (delim, h, recs)
    if best is None:
        raise failure or ImportFailed("文件中没有内容", file_name=name)
    delim, h, recs = best
    data_start = h.start + h.height
    notices = _header_notices(h, 0)
    if data_start < len(recs) and _is_notes_row(recs[data_start].cells, h.match, spec):
        data_start += 1
        notices.append("跳过了表头下方的填写说明行")
    char_off = recs[data_start - 1].end
    sample = recs[data_start:-1] if not complete else recs[data_start:]
    ncols = max([len(h.cells)] + [len(r.cells) for r in sample])
    _check_width(ncols, name)
    first_line = data_start + 1  # row number of the first data record
    fmt = "tsv" if delim == "\t" else "csv"
    raw = _raw_table(fmt, enc if not (enc == "utf-8" and bom) else "utf-8-sig", None, h, 0, notices)
    raw.headers += [""] * (ncols - len(raw.headers))
    progress(0.08, "转换编码 / transcoding")
    ok = False
    if "\ufffd" not in head:
        ok = _fast_read(cur, src.data, bom + len(head[:char_off].encode(enc)), enc, delim, ncols, first_line)
        if not ok and enc == "utf-8" and not _valid_utf8(src.data):
            # Optimistic UTF-8 (decided on the first 512 KB) was wrong: GBK further down?
            try:
                ok = _fast_read(cur, src.data, bom + len(head[:char_off].encode("gb18030")), "gb18030", delim,
                                ncols, first_line)
            except UnicodeEncodeError:
                ok = False
            if ok:
                raw.encoding = "gb18030"
    if not ok:
        progress(0.12, "逐行读取 / reading row by row")
        text = src.data[bom:].decode(raw.encoding if raw.encoding != "utf-8-sig" else "utf-8", errors="replace")
        _python_read(cur, text[char_off:], delim, len(h.cells), first_line, raw)
    _finish(cur, raw)
    return raw


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


_TEMP_PREFIX = "cgw_import_"


def _remove_stale_temp_files() -> None:
    """Delete transcoded copies left by an import that was killed (its process is gone)."""
    folder = Path(_TEMP_DIR or tempfile.gettempdir())
    for stale in folder.glob(f"{_TEMP_PREFIX}*_*.csv"):
        pid = stale.name[len(_TEMP_PREFIX):].split("_", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            stale.unlink(missing_ok=True)


def _fast_read(cur, data: bytes, byte_off: int, enc: str, delim: str, ncols: int, first_line: int) -> bool:
    """DuckDB's read_csv on the UTF-8 data part; False when the file needs the row-by-row reader."""
    _remove_stale_temp_files()
    fd, path = tempfile.mkstemp(suffix=".csv", prefix=f"{_TEMP_PREFIX}{os.getpid()}_", dir=_TEMP_DIR)
    try:
        with os.fdopen(fd, "wb") as f:
            if enc == "utf-8":
                f.write(memoryview(data)[byte_off:])
                buf, start = data, byte_off
            elif enc == "gb18030":
                # Line breaks are the same bytes in GB18030 and UTF-8: count them in the source.
                transcode.to_utf8(data, enc, f, byte_off)
                buf, start = data, byte_off
            else:
                out = io.BytesIO()
                transcode.to_utf8(data, enc, out, byte_off)
                f.write(out.getbuffer())
                buf, start = out.getvalue(), 0
        rows = _duckdb_read(cur, path, delim, ncols, first_line)
    except transcode.BadBytes:
        return False
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
    if rows is None:
        return False
    # DuckDB skips blank lines silently, which would shift row numbers. One record per line means
    # there are none; otherwise (quoted line breaks, or blank lines) look for blank lines.
    records = buf.count(b"\n", start) + (0 if buf.endswith(b"\n") or len(buf) == start else 1)
    if rows != records and any(buf.find(p, start) >= 0 for p in (b"\n\n", b"\n\r\n", b"\r\r")):
        return False
    return True


def _duckdb_read(cur, path: str, delim: str, ncols: int, first_line: int) -> int | None:
    """Rows read by DuckDB's strict CSV reader from the UTF-8 file `path`, or None when it refused
    some of the file."""
    rej = f"rej_{uuid.uuid4().hex[:8]}"
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols)) + "}"
    cur.execute("DROP TABLE IF EXISTS raw0")
    # Row numbers come from rowid, which follows the file's order only while insertion order is
    # preserved: the pipeline turns that off for its own work (D2: wrong row numbers on large files).
    ordered = cur.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    cur.execute("SET preserve_insertion_order = true")
    try:
        cur.execute(
            f"CREATE TEMP TABLE raw0 AS SELECT * FROM read_csv(?, header = false, auto_detect = false, "
            f"delim = ?, quote = '\"', escape = '\"', columns = {columns}, null_padding = false, "
            f"strict_mode = true, store_rejects = true, rejects_table = '{rej}', "
            f"rejects_scan = '{rej}_scan', max_line_size = 8388608)",
            [path, delim],
        )
        bad = cur.execute(f"SELECT count(*) FROM {rej}").fetchall()[0][0]
    except duckdb.Error:
        return None
    finally:
        cur.execute(f"SET preserve_insertion_order = {'true' if ordered else 'false'}")
        cur.execute(f"DROP TABLE IF EXISTS {rej}")
        cur.execute(f"DROP TABLE IF EXISTS {rej}_scan")
    if bad:
        cur.execute("DROP TABLE IF EXISTS raw0")
        return None
    # rowids follow the file's order; inside a transaction they start at a large offset.
    base, rows = cur.execute("SELECT coalesce(min(rowid), 0), count(*) FROM raw0").fetchall()[0]
    cur.execute(f"CREATE OR REPLACE TEMP VIEW raw1 AS SELECT CAST(rowid - {int(base)} AS INTEGER) + "
                f"{int(first_line)} AS line, * FROM raw0")
    return rows


def _python_read(cur, text: str, delim: str, header_width: int, first_line: int, raw: RawTable) -> None:
    recs = split_records(text, delim, width=header_width)
    rows = [r.cells for r in recs]
    stray = [first_line + k for k, r in enumerate(recs) if r.stray_quote]
    if stray:
        shown = "、".join(map(str, stray[:5])) + ("……" if len(stray) > 5 else "")
        raw.notices.append(f"第 {shown} 行有没有配对的引号，已把引号当作普通字符读取（该行按分隔符分列；"
                           f"请核对这些行的内容）")
    width = max([len(raw.headers)] + [len(r) for r in rows])
    _check_width(width, None)
    if width > len(raw.headers):
        raw.headers += [""] * (width - len(raw.headers))
    _frame_to_raw(cur, rows, width, first_line)


def _text_column(values, number_mark: bool) -> pa.Array:
    """One column of cells as Arrow text: empty cells are NULL; non-text cells (workbooks'
    numbers and dates) go through _cell_text."""
    try:  # text cells only (the usual case): Arrow converts them at C speed
        arr = pa.array(values, pa.string())
        return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return pa.array([_cell_text(v, number_mark) for v in values], pa.string())


@contextlib.contextmanager
def _gc_paused():
    """Millions of cell objects are made and kept: the cyclic collector would rescan them again and
    again (a third of an Excel preview's time) and can free none of them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _frame_to_raw(cur, rows: list[list], width: int, first_line: int, number_marked: set[int] = frozenset(),
                  lines: list[int] | None = None) -> None:
    """TEMP table raw0 (line, c0 … c{width-1}) from `rows`, numbered from `first_line`."""
    with _gc_paused():
        if rows and any(len(r) != width for r in rows):
            rows = [list(r) + [None] * (width - len(r)) if len(r) < width else r for r in rows]
        columns = list(zip(*rows)) if rows else [() for _ in range(width)]
        line_arr = pa.array(lines if lines is not None else range(first_line, first_line + len(rows)), pa.int32())
        table = pa.table({"line": line_arr, **{f"c{i}": _text_column(col, i in number_marked)
                                               for i, col in enumerate(columns)}})
        del columns
    cur.execute("DROP TABLE IF EXISTS raw0")
    view = f"frame_{uuid.uuid4().hex[:8]}"
    cur.register(view, table)
    try:
        cols = ", ".join(["line"] + [f"c{i}" for i in range(width)])
        cur.execute(f"CREATE TEMP TABLE raw0 AS SELECT {cols} FROM {view}")
    finally:
        cur.unregister(view)
    cur.execute("CREATE OR REPLACE TEMP VIEW raw1 AS SELECT * FROM raw0")


def _check_width(ncols: int, file_name: str | None) -> None:
    if ncols > settings.MAX_COLUMNS:
        raise ImportFailed(f"文件有 {ncols:,} 列，超过 {settings.MAX_COLUMNS:,} 列的上限：请删除多余的列（只保留模板中的列）后重新导入",
                           file_name=file_name)


def _finish(cur, raw: RawTable) -> None:
    """`raw`: the rows with content. A row whose imported columns are all empty is blank (a
    pre-numbered template row holds only its 序号); a row starting with 合计, 填表人 … is a
    footer: both are set aside, footers with a notice. Only rows with few filled cells can be
    either, so the costly test runs on those alone."""
    n = len(raw.headers)
    used = sorted(set(raw.match.columns)) or list(range(n))
    few = max(2, len(used) // 3)
    present = " + ".join(f"CAST(c{i} IS NOT NULL AS INTEGER)" for i in used) or "0"
    cells = [f"nullif(trim(c{i}, ' \t\r\n\u3000\u00a0'), '')" for i in range(n)]
    filled = " + ".join(f"CAST({cells[i]} IS NOT NULL AS INTEGER)" for i in used) or "0"
    first = f"coalesce({', '.join(cells)})" if cells else "NULL"
    footer = " OR ".join(f"starts_with(first_cell, '{w}')" for w in _FOOTER_WORDS)
    cur.execute("DROP TABLE IF EXISTS raw_skip")
    # The first filled cell is computed once per row, then tested against each footer word.
    cur.execute(
        f"CREATE TEMP TABLE raw_skip AS SELECT line, CASE WHEN {footer} THEN 2 WHEN filled = 0 THEN 1 ELSE 0 END AS kind "
        f"FROM (SELECT line, {first} AS first_cell, {filled} AS filled FROM raw1 WHERE ({present}) <= {few})"
    )
    cur.execute("DELETE FROM raw_skip WHERE kind = 0")
    footers = cur.execute("SELECT line FROM raw_skip WHERE kind = 2 ORDER BY line").fetchall()
    if footers:
        lines = [str(r[0]) for r in footers]
        shown = "、".join(lines[:5]) + ("……" if len(lines) > 5 else "")
        raw.notices.append(f"跳过了 {len(lines)} 行合计/签名等说明行（第 {shown} 行）")
    cols = ", ".join(["line"] + [f"c{i}" for i in range(n)])
    if cur.execute("SELECT count(*) FROM raw_skip").fetchall()[0][0]:
        cur.execute(f"CREATE OR REPLACE TEMP VIEW raw AS SELECT {cols} FROM raw1 "
                    f"WHERE line NOT IN (SELECT line FROM raw_skip)")
    else:
        cur.execute(f"CREATE OR REPLACE TEMP VIEW raw AS SELECT {cols} FROM raw1")
    raw.rows = cur.execute("SELECT count(*) FROM raw").fetchall()[0][0]
    if raw.hidden_rows:
        kept = {r[0] for r in cur.execute("SELECT line FROM raw WHERE line IN (SELECT unnest(?))",
                                          [raw.hidden_rows]).fetchall()}
        raw.hidden_rows = sorted(kept)
        if kept:
            shown = "、".join(map(str, raw.hidden_rows[:8])) + ("……" if len(kept) > 8 else "")
            raw.notices.append(f"第 {shown} 行（共 {len(kept)} 行）在 Excel 中是隐藏行，已照常导入：如果它们不该导入，"
                               f"请在文件中删除这些行后重新上传")


# --- workbooks -----------------------------------------------------------------------------------


def _cell_text(v: object, number_mark: bool) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return (NUMBER_CELL if number_mark else "") + str(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return "NaN"
        if v.is_integer() and abs(v) < 1e16:
            text = str(int(v))
        else:
            text = f"{v:.10f}".rstrip("0").rstrip(".") if abs(v) < 1e15 else repr(v)
        return (NUMBER_CELL if number_mark else "") + text
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return str(v)
    return str(v)


@dataclass
class SheetFlags:
    """What calamine does not report about an .xlsx sheet (row numbers 1-based, columns 0-based)."""

    hidden_rows: set[int] = field(default_factory=set)
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # error text, or FORMULA_CELL + formula


_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _sheet_xml_path(z: zipfile.ZipFile, sheet: str) -> str | None:
    book = z.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", book):
        attrs = m.group(1)
        name = re.search(r'\bname="([^"]*)"', attrs)
        rid = re.search(r'\br:id="([^"]*)"', attrs) or re.search(r'\b\w+:id="([^"]*)"', attrs)
        if name and rid and html.unescape(name.group(1)) == sheet:
            rel = re.search(r'<Relationship\b[^>]*\bId="' + re.escape(rid.group(1)) + r'"[^>]*>', rels)
            target = rel and re.search(r'\bTarget="([^"]*)"', rel.group(0))
            if target:
                t = target.group(1)
                return t.lstrip("/") if t.startswith("/") else "xl/" + t
    return None


def sheet_flags(data: bytes, sheet: str) -> SheetFlags:
    """Hidden rows, formulas without a stored result and error cells of an .xlsx sheet, found in
    its XML: a quick search for the markers first (most sheets have none), then a look at each hit."""
    flags = SheetFlags()
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        path = _sheet_xml_path(z, sheet)
        if path is None:
            return flags
        xml = z.read(path)
    except (KeyError, zipfile.BadZipFile, OSError):
        return flags
    prefix = re.search(rb"<(\w+:)?sheetData\b", xml)
    p = prefix.group(1) or b"" if prefix else b""
    if b'hidden="1"' in xml or b'hidden="true"' in xml:
        for m in re.finditer(rb"<" + p + rb'row\b([^>]*)>', xml):
            attrs = m.group(1)
            if re.search(rb'\bhidden="(1|true)"', attrs):
                r = re.search(rb'\br="([0-9]+)"', attrs)
                if r:
                    flags.hidden_rows.add(int(r.group(1)))
    starts: dict[int, int] = {}  # cell start → end, for cells holding a formula or an error
    close = b"</" + p + b"c>"
    if b"<" + p + b"f" in xml or b't="e"' in xml:
        for m in re.finditer(b"<" + p + rb'f[\s/>]|t="e"', xml):
            start = xml.rfind(b"<" + p + b"c ", 0, m.start())
            end = xml.find(close, start) if start >= 0 else -1
            if start >= 0 and end >= m.start():  # the marker is inside this cell
                starts[start] = end
    for start, end in starts.items():
        cell = xml[start:end]
        tag_end = cell.find(b">")
        if cell[:tag_end].endswith(b"/"):
            continue
        ref = _REF.search(cell[:tag_end])
        if ref is None:
            continue
        key = (int(ref.group(2)), _col_index(ref.group(1)))
        value = re.search(b"<" + p + b"v>([^<]*)</" + p + b"v>", cell)
        if b't="e"' in cell[:tag_end]:
            flags.cells[key] = value.group(1).decode("utf-8", "replace") if value else "#N/A"
        elif (value is None or not value.group(1)) and b't="str"' not in cell[:tag_end]:
            # no result stored (<v/> or none at all); an empty text result (t="str") is a real value
            formula = re.search(b"<" + p + b"f[^>]*>([^<]*)</" + p + b"f>", cell)
            flags.cells[key] = FORMULA_CELL + "=" + (formula.group(1).decode("utf-8", "replace") if formula else "…")
    return flags


def _read_workbook(cur, src: Source, spec: TableSpec, fmt: str, sheet: str | None, progress, overrides) -> RawTable:
    from python_calamine import CalamineWorkbook

    name = src.file_name
    progress(0.05, "读取 Excel / reading workbook")
    kind = {"xlsx": "Excel（.xlsx）", "xls": "Excel 97-2003（.xls）", "ods": "OpenDocument"}[fmt]
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(src.data))
        names = list(wb.sheet_names)
    except Exception as e:  # noqa: BLE001 - calamine raises many types for damaged files
        raise ImportFailed(f"无法读取这个{kind}文件（文件可能已损坏或加密）：{type(e).__name__}", file_name=name) from None
    if not names:
        raise ImportFailed("工作簿中没有工作表", file_name=name)
    if sheet is not None and sheet not in names:
        raise ImportFailed(f"没有名为「{sheet}」的工作表：可选 {'、'.join(names)}", file_name=name)
    loaded: dict[str, tuple] = {}

    # The flags of the sheet most likely read are found in a thread while calamine parses the
    # sheet (it releases the GIL): on a 100,000-row workbook that is 0.4 s of a 5 s preview.
    flags_of: dict[str, SheetFlags] = {}
    guess = sheet if sheet is not None else names[0]
    flag_thread = None
    if fmt == "xlsx":
        flag_thread = threading.Thread(target=lambda: flags_of.setdefault(guess, sheet_flags(src.data, guess)),
                                       daemon=True)
        flag_thread.start()

    def load(sheet_name: str):
        if sheet_name not in loaded:
            try:
                ws = wb.get_sheet_by_name(sheet_name)
                with _gc_paused():
                    rows = ws.to_python()
                start = ws.start or (0, 0)
            except Exception as e:  # noqa: BLE001
                raise ImportFailed(f"无法读取这个{kind}文件的工作表「{sheet_name}」（文件可能已损坏）：{type(e).__name__}",
                                   file_name=name) from None
            loaded[sheet_name] = (rows, start)
        return loaded[sheet_name]

    def header_of(sheet_name: str) -> Header:
        rows, _ = load(sheet_name)
        if not rows:
            raise ImportFailed(f"工作表「{sheet_name}」是空的", file_name=name)
        texts = [[_cell_text(v, False) for v in r] for r in rows[: settings.HEADER_SEARCH_ROWS + 1]]
        return find_header(texts, spec, name, overrides, where=f"工作表「{sheet_name}」" if len(names) > 1 else "")

    notices: list[str] = []
    chosen = sheet if sheet is not None else names[0]
    try:
        h = header_of(chosen)
    except ImportFailed as first_failure:
        # Look for the header on the other sheets: chosen by name (say so) or by default (use it).
        others = []
        for other in names:
            if other == chosen:
                continue
            try:
                others.append((other, header_of(other)))
            except ImportFailed:
                continue
        if not others:
            raise first_failure from None
        if sheet is not None:
            raise ImportFailed(f"{first_failure.message}。工作表「{others[0][0]}」中有这张表的表头：请选择该工作表",
                               file_name=name) from None
        chosen, h = max(others, key=lambda o: o[1].rank)
        notices.append(f"第一个工作表「{names[0]}」中没有「{spec.title_zh}」的表头，已读取工作表「{chosen}」")
    rows, (top, left) = load(chosen)
    if sheet is None and len(names) > 1 and not notices:
        notices.append(f"工作簿有 {len(names)} 个工作表，已读取第一个「{chosen}」；其他工作表（{'、'.join(names[1:])}）"
                       f"未导入，如需导入请另选工作表")
    notices = _header_notices(h, top) + notices
    match = h.match
    mark = {i for i, col in match.columns.items() if spec.column(col).kind in ("date", "id_number")}
    data_start = h.start + h.height
    if data_start < len(rows) and _is_notes_row([_cell_text(v, False) for v in rows[data_start]], match, spec):
        data_start += 1
        notices.append("跳过了表头下方的填写说明行")
    width = max((len(r) for r in rows), default=0)
    _check_width(width, name)
    raw = _raw_table(fmt, None, chosen, h, top, notices)
    raw.headers += [""] * (width - len(raw.headers))
    raw.sheets = names
    body = rows[data_start:]
    first_line = top + data_start + 1
    if fmt == "xlsx":
        flag_thread.join()
        flags = flags_of[chosen] if chosen in flags_of else sheet_flags(src.data, chosen)
        for (r, c), text in flags.cells.items():
            k, j = r - first_line, c - left
            if 0 <= k < len(body) and 0 <= j < width:
                if not isinstance(body[k], list):
                    body[k] = list(body[k])
                body[k][j] = text
        raw.hidden_rows = sorted(r for r in flags.hidden_rows if first_line <= r < first_line + len(body))
    progress(0.15, "整理单元格 / converting cells")
    _frame_to_raw(cur, body, width, first_line, mark)
    _finish(cur, raw)
    return raw
