"""Bytes of a CSV/TSV/Excel file → a TEMP table of text cells with the file's row numbers.

Text files: the encoding is detected (BOM, UTF-8, GB18030 ⊇ GBK, UTF-16), the delimiter and
the header row are found in the first rows (a title row above the header and a template's
notes row below it are skipped), the data part is transcoded to UTF-8 and DuckDB's read_csv
loads it as VARCHAR. Files DuckDB's strict reader does not take (blank lines, ragged rows, stray
quotes, undecodable bytes) go through Python's csv module instead, which keeps every record
and its row number. Excel files (xlsx/xls/ods) are read with python-calamine; number cells
in date and ID columns are marked so that "1985.1" and damaged ID numbers can be recognised.

Row numbers are those a spreadsheet shows: the header row's number plus the record index.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import os
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from cgw.ingest.importer import headers, settings, transcode
from cgw.ingest.importer.convert import NUMBER_CELL
from cgw.ingest.importer.errors import ImportFailed
from cgw.ingest.importer.specs import TableSpec

HEAD_BYTES = 512 * 1024
DELIMITERS = (",", "\t", ";", "|")
FORMAT_NAMES = {"csv": "CSV", "tsv": "TSV", "xlsx": "Excel", "xls": "Excel 97-2003", "ods": "OpenDocument 表格"}
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8（带 BOM）", "gb18030": "GBK/GB18030",
                  "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}  # fmt: skip
_FOOTER_WORDS = ("合计", "总计", "小计", "制表", "填表", "审核", "负责人", "填报", "说明：", "注：", "备注：")

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
    headers: list[str]
    header_row: int
    match: headers.HeaderMatch
    rows: int = 0
    notices: list[str] = field(default_factory=list)

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


def sheet_names(data: bytes) -> list[str]:
    """The sheets of an Excel/ODS file; [] for a text file or an unreadable workbook."""
    if sniff_format(data) == "text":
        return []
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names)
    except Exception:  # noqa: BLE001 - a damaged file is reported when it is read
        return []


def guess_tables(data: bytes, sheet: str | None = None) -> list[tuple[str, float]]:
    """Tables whose headers the file's first rows match, best first: (table, share of its columns)."""
    from cgw.ingest.importer.specs import TABLES

    rows: list[list[object]] = []
    try:
        if sniff_format(data) == "text":
            enc, bom = _detect_encoding(data, "")
            head = codecs.getincrementaldecoder(enc)("replace").decode(data[bom : bom + 64 * 1024], final=False)
            best_rows = max((_records(head, d, settings.HEADER_SEARCH_ROWS) for d in DELIMITERS),
                            key=lambda recs: max((len(r) for r, _ in recs), default=0))
            rows = [r for r, _ in best_rows]
        else:
            from python_calamine import CalamineWorkbook

            wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
            ws = wb.get_sheet_by_name(sheet) if sheet else wb.get_sheet_by_index(0)
            rows = [[_cell_text(v, False) for v in r] for r in ws.to_python()[: settings.HEADER_SEARCH_ROWS]]
    except Exception:  # noqa: BLE001 - a guess only; reading reports the real problem
        return []
    scored = []
    for spec in TABLES:
        stored = {c.name for c in spec.columns if c.stored}
        best = max((len(stored & set(headers.match(r, spec).columns.values())) for r in rows), default=0)
        if best >= 2:
            scored.append((best, best / len(stored), spec.name))
    # Most matched columns first; among equals, the table the file covers best.
    return [(name, share) for _, share, name in sorted(scored, key=lambda t: (-t[0], -t[1]))]


def read(cur: duckdb.DuckDBPyConnection, src: Source, spec: TableSpec, sheet: str | None = None,
         progress=None) -> RawTable:
    progress = progress or (lambda f, m: None)
    fmt = sniff_format(src.data)
    if fmt == "text":
        return _read_text(cur, src, spec, progress)
    return _read_workbook(cur, src, spec, fmt, sheet, progress)


# --- header search -----------------------------------------------------------------------------


def _find_header(rows: list[list[object]], spec: TableSpec, file_name: str) -> tuple[int, headers.HeaderMatch]:
    best_i, best = -1, None
    for i, cells in enumerate(rows[: settings.HEADER_SEARCH_ROWS]):
        m = headers.match(cells, spec)
        if best is None or m.score > best.score:
            best_i, best = i, m
    need = min(2, len([c for c in spec.columns if c.stored]))
    if best is None or best.score < need:
        expected = "、".join(c.header_zh for c in spec.columns[:6])
        raise ImportFailed(
            f"前 {settings.HEADER_SEARCH_ROWS} 行中找不到「{spec.title_zh}」的表头：应有 {expected} 等列名。"
            f"请确认选择的表是否正确，或下载模板对照列名",
            file_name=file_name,
        )
    return best_i, best


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


def _records(text: str, delimiter: str, limit: int) -> list[tuple[list[str], int]]:
    """The first `limit` records and the character offset just after each."""
    consumed = 0

    def lines():
        nonlocal consumed
        for line in io.StringIO(text, newline=""):
            consumed += len(line)
            yield line

    out: list[tuple[list[str], int]] = []
    try:
        for rec in csv.reader(lines(), delimiter=delimiter, quotechar='"', strict=False):
            out.append((rec, consumed))
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def _read_text(cur, src: Source, spec: TableSpec, progress) -> RawTable:
    name = src.file_name
    enc, bom = _detect_encoding(src.data, name)
    head_bytes = src.data[bom : bom + HEAD_BYTES]
    complete = bom + HEAD_BYTES >= len(src.data)
    head = codecs.getincrementaldecoder(enc)("replace").decode(head_bytes, final=complete)
    limit = settings.HEADER_SEARCH_ROWS + 50
    best = None
    for delim in DELIMITERS:
        recs = _records(head, delim, limit)
        if not recs:
            continue
        try:
            i, m = _find_header([r for r, _ in recs], spec, name)
        except ImportFailed as e:
            best = best or (None, e)
            continue
        if best is None or best[0] is None or m.score > best[0][2].score:
            best = ((delim, i, m, recs), None)
    if best is None or best[0] is None:
        raise best[1] if best else ImportFailed("文件中没有内容", file_name=name)
    delim, h, match, recs = best[0]
    header_cells = recs[h][0]
    data_start = h + 1
    notices = []
    if h:
        notices.append(f"跳过了表头上方的 {h} 行（标题等）")
    if data_start < len(recs) and _is_notes_row(recs[data_start][0], match, spec):
        data_start += 1
        notices.append("跳过了表头下方的填写说明行")
    char_off = recs[data_start - 1][1]
    sample = recs[data_start:-1] if not complete else recs[data_start:]
    ncols = max([len(header_cells)] + [len(r) for r, _ in sample])
    _check_width(ncols, name)
    header_row = h + 1
    first_line = data_start + 1  # row number of the first data record
    fmt = "tsv" if delim == "\t" else "csv"
    raw = RawTable(fmt, enc if not (enc == "utf-8" and bom) else "utf-8-sig", None,
                   [str(c) for c in header_cells] + [""] * (ncols - len(header_cells)), header_row, match,
                   notices=notices)
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
        _python_read(cur, text[char_off:], delim, ncols, first_line, raw)
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


def _python_read(cur, text: str, delim: str, ncols: int, first_line: int, raw: RawTable) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, quotechar='"', strict=False)
    rows = list(reader)
    width = max([ncols] + [len(r) for r in rows])
    _check_width(width, None)
    if width > len(raw.headers):
        raw.headers += [""] * (width - len(raw.headers))
    lines = list(range(first_line, first_line + len(rows)))
    _frame_to_raw(cur, rows, width, lines)


def _frame_to_raw(cur, rows: list[list], width: int, lines: list[int]) -> None:
    # Cells are text or None here; an empty text is a missing value.
    cols = {f"c{i}": [(r[i] or None) if i < len(r) else None for r in rows] for i in range(width)}
    df = pd.DataFrame({"line": pd.array(lines, dtype="int32"), **{k: pd.array(v, dtype=object) for k, v in cols.items()}})
    cur.execute("DROP TABLE IF EXISTS raw0")
    view = f"frame_{uuid.uuid4().hex[:8]}"
    cur.register(view, df)
    try:
        select = ", ".join(["CAST(line AS INTEGER) AS line"] + [f"CAST({k} AS VARCHAR) AS {k}" for k in cols])
        cur.execute(f"CREATE TEMP TABLE raw0 AS SELECT {select} FROM {view}")
    finally:
        cur.unregister(view)
    cur.execute("CREATE OR REPLACE TEMP VIEW raw1 AS SELECT * FROM raw0")


def _check_width(ncols: int, file_name: str | None) -> None:
    if ncols > settings.MAX_COLUMNS:
        raise ImportFailed(f"文件有 {ncols:,} 列，超过 {settings.MAX_COLUMNS:,} 列的上限：请删除多余的列（只保留模板中的列）后重新导入",
                           file_name=file_name)


def _finish(cur, raw: RawTable) -> None:
    """`raw`: the rows with content; footer rows (合计, 制表人 …) are set aside with a notice."""
    n = len(raw.headers)
    present = " + ".join(f"CAST(c{i} IS NOT NULL AS INTEGER)" for i in range(n)) or "0"
    cells = [f"nullif(trim(c{i}, ' \t\r\n\u3000\u00a0'), '')" for i in range(n)]
    filled = " + ".join(f"CAST({c} IS NOT NULL AS INTEGER)" for c in cells) or "0"
    first = f"coalesce({', '.join(cells)})" if cells else "NULL"
    footer = " OR ".join(f"starts_with({first}, '{w}')" for w in _FOOTER_WORDS)
    # Only rows with at most two cells can be blank or a footer: the costly test runs on those alone,
    # once; `raw` filters by line only when such rows exist.
    cur.execute("DROP TABLE IF EXISTS raw_skip")
    cur.execute(
        f"CREATE TEMP TABLE raw_skip AS SELECT line, CASE WHEN ({filled}) = 0 THEN 1 WHEN {footer} THEN 2 "
        f"ELSE 0 END AS kind FROM raw1 WHERE ({present}) <= 2"
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


# --- workbooks -----------------------------------------------------------------------------------


def _cell_text(v: object, number_mark: bool) -> str | None:
    if v is None or v == "":
        return None
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


def _read_workbook(cur, src: Source, spec: TableSpec, fmt: str, sheet: str | None, progress) -> RawTable:
    from python_calamine import CalamineWorkbook

    name = src.file_name
    progress(0.05, "读取 Excel / reading workbook")
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(src.data))
        names = list(wb.sheet_names)
        if not names:
            raise ImportFailed("工作簿中没有工作表", file_name=name)
        chosen = sheet if sheet is not None else names[0]
        if chosen not in names:
            raise ImportFailed(f"没有名为「{sheet}」的工作表：可选 {'、'.join(names)}", file_name=name)
        ws = wb.get_sheet_by_name(chosen)
        rows = ws.to_python()
        top = ws.start[0] if ws.start else 0
    except ImportFailed:
        raise
    except Exception as e:  # noqa: BLE001 - calamine raises many types for damaged files
        kind = {"xlsx": "Excel（.xlsx）", "xls": "Excel 97-2003（.xls）", "ods": "OpenDocument"}[fmt]
        raise ImportFailed(f"无法读取这个{kind}文件（文件可能已损坏或加密）：{type(e).__name__}", file_name=name) from None
    if not rows:
        raise ImportFailed(f"工作表「{chosen}」是空的", file_name=name)
    texts = [[_cell_text(v, False) for v in r] for r in rows[: settings.HEADER_SEARCH_ROWS]]
    h, match = _find_header(texts, spec, name)
    mark = {i for i, col in match.columns.items() if spec.column(col).kind in ("date", "id_number")}
    data_start = h + 1
    notices = [f"跳过了表头上方的 {h} 行（标题等）"] if h else []
    if data_start < len(rows) and _is_notes_row(texts[data_start] if data_start < len(texts) else
                                                [_cell_text(v, False) for v in rows[data_start]], match, spec):
        data_start += 1
        notices.append("跳过了表头下方的填写说明行")
    width = max(len(r) for r in rows)
    _check_width(width, name)
    header_cells = [str(_cell_text(v, False) or "") for v in rows[h]] + [""] * (width - len(rows[h]))
    progress(0.15, "整理单元格 / converting cells")
    body = [[_cell_text(v, i in mark) for i, v in enumerate(r)] for r in rows[data_start:]]
    lines = [top + data_start + 1 + k for k in range(len(body))]
    raw = RawTable(fmt, None, chosen, header_cells, top + h + 1, match, notices=notices)
    _frame_to_raw(cur, body, width, lines)
    _finish(cur, raw)
    return raw
