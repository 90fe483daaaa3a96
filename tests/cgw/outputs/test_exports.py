"""Exports: formula injection neutralised, personal data masked in every page's exports, CSV with
BOM and XLSX that keep text as text, file names that carry the filters, chart images offline."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

import pages
from cgw.outputs import exports
from cgw.webui import exports as webui_exports
from tests import support

# Not preceded by a digit or a decimal point: 0.175438596491228068 is a share, not an ID.
ID_RE = re.compile(rb"(?<![\d.])\d{17}[\dXx](?![\d.])")
PHONE_RE = re.compile(rb"(?<![\d.])1[3-9]\d{9}(?![\d.])")
# A valid ID (GB 11643 check digit) and a mobile number, as they would sit in a roster.
ID = "370705199001011237"
PHONE = "13812345678"


def _xlsx_text(data: bytes) -> bytes:
    """Every XML part of a workbook, concatenated (cells live in sharedStrings/sheet XML)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))


def _scan(data: bytes) -> list[bytes]:
    return ID_RE.findall(data) + PHONE_RE.findall(data)


# --- formula injection ------------------------------------------------------------------------------

DANGEROUS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", "\t=cmd", "\rfoo", "=HYPERLINK(\"http://x\")"]
HARMLESS = ["奎文区", "a=b", "-5", "+3.2", "-12%", "", "12-3"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_cells_that_start_a_formula_get_an_apostrophe(value):
    assert exports.neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_harmless_text_and_plain_numbers_are_unchanged(value):
    assert exports.neutralise_cell(value) == value


def _injection_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "name": DANGEROUS,
        "points": [-5, 3, -12, 0, 7, -1, 2],  # numbers, negative ones included
        "score": [-1.5, 2.0, 0.0, 1.25, -0.5, 3.0, 4.0],
        "=evil_header": ["x"] * 7,
    })  # fmt: skip


def test_csv_export_neutralises_formulas_and_keeps_negative_numbers():
    raw = exports.csv_bytes(_injection_frame())
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["name", "points", "score", "'=evil_header"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in DANGEROUS]
    assert [r[1] for r in rows[1:]] == ["-5", "3", "-12", "0", "7", "-1", "2"]
    assert [r[2] for r in rows[1:]] == ["-1.5", "2.0", "0.0", "1.25", "-0.5", "3.0", "4.0"]


def test_xlsx_export_has_no_formula_cells_and_numbers_stay_numbers():
    wb = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(_injection_frame())))
    ws = wb.active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert ws["D1"].value == "'=evil_header"
    # OOXML stores a carriage return as _x000D_; openpyxl leaves that escape as it is.
    assert [ws.cell(r, 1).value.replace("_x000D_", "\r") for r in range(2, 9)] == ["'" + v for v in DANGEROUS]
    assert [ws.cell(r, 2).value for r in range(2, 9)] == [-5, 3, -12, 0, 7, -1, 2]
    assert all(ws.cell(r, 2).data_type == "n" for r in range(2, 9))
    assert ws.freeze_panes == "A2"


def test_xlsx_keeps_id_numbers_as_text_when_unmasked():
    """Synthetic rosters keep their IDs: 18 digits must not become a float in Excel."""
    df = pd.DataFrame({"id_number": [ID], "region_id": ["370705001001"], "phone": [PHONE]})
    ws = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(df, mask=False))).active
    assert [ws.cell(2, i).value for i in (1, 2, 3)] == [ID, "370705001001", PHONE]
    assert all(ws.cell(2, i).data_type == "s" for i in (1, 2, 3))


# --- masking ------------------------------------------------------------------------------------------


def test_csv_xlsx_and_zip_exports_mask_ids_and_phones():
    df = pd.DataFrame({
        "name": ["张三"], "id_number": [ID], "phone": [PHONE], "身份证号": [ID],
        "note": [f"联系人 {PHONE}，证件 {ID}"], "remark": pd.Categorical([f"电话{PHONE}"]),
    })  # fmt: skip
    produced = {
        "csv": exports.csv_bytes(df),
        "xlsx": _xlsx_text(exports.xlsx_bytes(df)),
        "zip": b"".join(zipfile.ZipFile(io.BytesIO(exports.zip_of_csv({"t": df}))).read(n) for n in ["t.csv"]),
    }
    for fmt, data in produced.items():
        assert _scan(data) == [], fmt
        assert b"370705********1237" in data and b"138****5678" in data, fmt


def test_every_page_export_is_masked_and_named_after_the_filters(kuiwen_copy, fresh_streamlit, monkeypatch):
    """Run every page with every tab; collect each chart's exports (the same functions its menu's
    buttons call) and scan the produced bytes for ID and phone numbers."""
    from cgw.webui import layout

    recorded: list[tuple[str, dict]] = []
    original = webui_exports.payloads

    def recording(chart, name, title=None):  # the menu, as if opened: its files, made in the session
        recorded.append((name, original(chart, name, title)))

    monkeypatch.setattr(webui_exports, "chart_exports", recording)
    exported = {}
    for page in pages.page_ids():
        before = len(recorded)
        at = support.app_test(kuiwen_copy, page=page)
        at.session_state[layout.EVERY_SECTION] = True
        at.run()  # each page's own tests check it runs cleanly
        exported[page] = len(recorded) - before
    assert exported["overview"] >= 4 and exported["services"] >= 10, exported
    for name, files in recorded:
        for fmt in ("csv", "xlsx"):
            file_name, make = files[fmt]
            # Named after the chart's title in the UI's language, then the filters: no code names.
            assert file_name.endswith(f"_奎文区_2026-09-30_本年.{fmt}"), file_name
            assert not re.search(r"[A-Za-z]{3,}", file_name.removesuffix(f".{fmt}")), file_name
            data = make()
            assert _scan(data if fmt == "csv" else _xlsx_text(data)) == [], (name, fmt)


# --- file names and images ---------------------------------------------------------------------------


def test_file_stem_is_safe_on_every_system():
    assert exports.file_stem("a/b:c", "奎文区", "2026-09-30", "本年") == "a-b-c_奎文区_2026-09-30_本年"
    assert exports.file_stem("x", None, "", "y z") == "x_y-z"


def test_kaleido_page_loads_nothing_from_the_network():
    import kaleido

    page = kaleido.PageGenerator(mathjax=False).generate_index()
    assert "http://" not in page and "https://" not in page


def test_chart_images_render_offline_with_chinese_text():
    fig = go.Figure(go.Bar(x=["大虞街道", "梨园街道"], y=[18.7, 18.6]))
    fig.update_layout(title="每万常住人口社工数")
    png = exports.figure_image(fig, "png", 800, 450)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1600, 900)  # scale 2
    svg = exports.figure_image(fig, "svg", 800, 450).decode("utf-8")
    assert svg.lstrip().startswith("<svg") and "大虞街道" in svg and "每万常住人口社工数" in svg
    with pytest.raises(ValueError, match="图片格式"):
        exports.figure_image(fig, "gif")
