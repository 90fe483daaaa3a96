"""File formats for downloads: CSV (UTF-8 with BOM), XLSX, ZIP archives and chart images.

No Streamlit here: the pages (through cgw/webui/exports.py), the studio and the command line all use
these writers. Two rules hold for every spreadsheet written here:
- personal data are masked (privacy.mask_frame) unless the caller passes `mask=False` for
  synthetic demo rosters;
- a text cell that a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or
  a carriage return) gets a leading apostrophe. Numbers, including negative ones, stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import zipfile
from collections.abc import Mapping

import pandas as pd

from cgw.domain import privacy
from cgw.outputs import browser

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A text cell that is just a number ("-5", "+3.2", "-12%") is not a formula: leave it.
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?%?$")
XLSX_MAX_ROWS = 1_048_575  # one row is the header
CHROMIUM = browser.PATH
IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


# --- cell safety --------------------------------------------------------------------------------


def neutralise_cell(value: object) -> object:
    """'=1+1' -> "'=1+1"; numbers and harmless text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells cannot run as spreadsheet formulas (headers included)."""
    out = df.copy()
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s) or isinstance(s.dtype, pd.CategoricalDtype):
            out[col] = s.astype(object).map(neutralise_cell)
    return out


def safe_frame(df: pd.DataFrame, mask: bool = True) -> pd.DataFrame:
    """What every export writes: masked (unless synthetic) and formula-safe."""
    out = df.copy()
    for col in out.columns:  # categories as text, so masking sees every text cell
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return neutralise(privacy.mask_frame(out) if mask else out)


# --- writers ------------------------------------------------------------------------------------


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as YYYY-MM-DD text and categories as text, so files re-import unchanged."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%d").astype(object).where(s.notna(), None)
        elif isinstance(s.dtype, pd.CategoricalDtype):
            out[col] = s.astype(object).where(s.notna(), None)
        elif s.dtype == object:
            out[col] = s.map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)
    return out


def csv_bytes(df: pd.DataFrame, mask: bool = True) -> bytes:
    """CSV in UTF-8 with a BOM (Excel and WPS then read Chinese correctly)."""
    return _plain(safe_frame(df, mask)).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(sheets: pd.DataFrame | Mapping[str, pd.DataFrame], mask: bool = True) -> bytes:
    """One workbook; a single frame becomes the sheet "数据". Text stays text (IDs keep their
    digits), nothing is turned into a formula or a link, and the header row is frozen."""
    if isinstance(sheets, pd.DataFrame):
        sheets = {"数据": sheets}
    too_big = [name for name, df in sheets.items() if len(df) > XLSX_MAX_ROWS]
    if too_big:
        raise ValueError(f"表 {', '.join(too_big)} 超过 Excel 单表 {XLSX_MAX_ROWS:,} 行的上限：请改用 CSV（ZIP）下载")
    buf = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for name, df in sheets.items():
            frame = _plain(safe_frame(df, mask))
            sheet = str(name)[:31]
            frame.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes(1, 0)
            for i, col in enumerate(frame.columns):
                sample = frame[col].head(200).map(lambda v: len(str(v)) if v is not None else 0)
                width = max([len(str(col)) * 2, *sample.tolist(), 6])
                ws.set_column(i, i, min(width + 2, 40))
    return buf.getvalue()


def zip_of_csv(frames: Mapping[str, pd.DataFrame], mask: bool = True, readme: str | None = None) -> bytes:
    """A ZIP holding one CSV (UTF-8 with BOM) per frame, in the given order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, df in frames.items():
            zf.writestr(f"{name}.csv", csv_bytes(df, mask))
        if readme:
            zf.writestr("说明.txt", readme.encode("utf-8-sig"))
    return buf.getvalue()


# --- file names ---------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[\\/:*?\"<>|\s]+")


def file_stem(*parts: object) -> str:
    """`chart`, `奎文区`, 2026-09-30, `本年` -> chart_奎文区_2026-09-30_本年 (safe on every OS)."""
    cleaned = [_UNSAFE.sub("-", str(p)).strip("-.") for p in parts if p not in (None, "")]
    return "_".join(p for p in cleaned if p)[:150] or "export"


# --- chart images (kaleido with the system Chromium) ---------------------------------------------

_kaleido_lock = threading.Lock()


def _start_kaleido() -> None:
    import kaleido

    # mathjax=False: kaleido would otherwise load MathJax from a CDN. plotly.js comes from the
    # installed plotly package, so rendering never leaves the machine.
    kaleido.start_sync_server(path=CHROMIUM, mathjax=False, silence_warnings=True)


def figure_image(fig, fmt: str = "png", width: int = 1200, height: int = 640, scale: float = 2) -> bytes:
    """The figure as PNG or SVG. One kaleido server (one Chromium) is started on first use and
    reused; calls are serialised because the server answers in order."""
    import kaleido

    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"图片格式应为 {', '.join(IMAGE_FORMATS)}，收到 {fmt!r}")
    spec = fig.to_dict() if hasattr(fig, "to_dict") else dict(fig)
    layout = spec.setdefault("layout", {})
    layout.setdefault("paper_bgcolor", "white")
    layout.setdefault("font", {}).setdefault("family", "Noto Sans CJK SC, Noto Sans SC, sans-serif")
    opts = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
    with _kaleido_lock:
        _start_kaleido()
        return kaleido.calc_fig_sync(spec, opts=opts)


