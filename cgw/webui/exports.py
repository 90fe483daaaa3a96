"""Downloads under every chart, and the briefing-report button.

`chart_exports(chart, name)`: a small "导出" popover with the chart's rows (CSV with BOM, XLSX:
values as displayed, in the chart's order, from the spec) and its image (PNG, SVG: the same spec
drawn by plotly). Nothing is produced until a button is clicked (deferred download); the file is
named after the chart's title and the current filters; personal data are masked and cells that
would run as spreadsheet formulas are neutralised (see cgw/outputs/exports.py).

`report_button()`: the briefing for the current view, as HTML or PDF (the same functions as
`python cli.py report`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from cgw.outputs import exports, report
from cgw.outputs.charts import figure
from cgw.outputs.charts.spec import Chart
from cgw.webui import actions, data, state
from cgw.webui.i18n import lang, tr

GRAIN_ZH = {"year": "本年", "quarter": "本季", "month": "本月"}
GRAIN_EN = {"year": "year", "quarter": "quarter", "month": "month"}
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "pdf": "application/pdf",
}


def filter_stem(label: str) -> str:
    """`label` (the chart's title) plus the current region, as-of date and period: a file-name stem."""
    view = state.current()
    grain = (GRAIN_EN if lang() == "en" else GRAIN_ZH)[view.grain]
    return exports.file_stem(label, data.full_name(view.region_id), view.as_of.isoformat(), grain)


def default_title(name: str) -> str | None:
    """A readable title from a chart's name: the catalogue label of the metric it starts with."""
    from metrics import catalogue

    ids = sorted((mid for mid in catalogue.ids() if name == mid or name.startswith(mid + "_")), key=len)
    return catalogue.get(ids[-1]).label(lang()) if ids else None


def _image_figure(fig, title: str | None, caption: str) -> dict:
    """The figure as a standalone image: white background, a title and a subtitle naming the
    region and date."""
    out = fig.to_dict() if hasattr(fig, "to_dict") else dict(fig)
    layout = out.setdefault("layout", {})
    layout["title"] = {"text": f"{title}<br><sup>{caption}</sup>" if title else caption, "x": 0.01, "xanchor": "left",
                       "font": {"size": 18}}
    margin = layout.setdefault("margin", {})
    margin["t"] = max(int(margin.get("t") or 0), 80) + (30 if layout.get("showlegend") else 0)
    layout["width"] = None
    layout["template"] = layout.get("template") or "plotly_white"
    return out


def _image_size(spec: dict) -> tuple[int, int]:
    """1200 px wide; as tall as the chart on the page, scaled the same way (at least 480 px)."""
    height = spec.get("layout", {}).get("height")
    return 1200, max(480, int((height or 420) * 1.5) + 40)


def payloads(chart: Chart, name: str, title: str | None = None) -> dict[str, tuple[str, Callable[[], bytes]]]:
    """fmt -> (file name, function producing the bytes). The buttons and the tests use these."""
    title = title or chart.title or default_title(name) or name
    stem = filter_stem(title)
    view = state.current()
    caption = f"{data.full_name(view.region_id)} · {tr('统计日', 'as of')} {view.as_of.isoformat()}"

    @functools.cache
    def image(fmt: str) -> bytes:
        spec = _image_figure(figure.figure(chart), title, caption)
        return exports.figure_image(spec, fmt, *_image_size(spec))

    files = {
        "csv": (f"{stem}.csv", lambda: exports.csv_bytes(chart.table)),
        "xlsx": (f"{stem}.xlsx", lambda: exports.xlsx_bytes(chart.table)),
        "png": (f"{stem}.png", lambda: image("png")),
        "svg": (f"{stem}.svg", lambda: image("svg")),
    }
    # Each download that runs leaves one entry in the audit trail.
    return {fmt: (file, actions.audited(fn, "export", file, view.region_id)) for fmt, (file, fn) in files.items()}


def chart_exports(chart: Chart, name: str, title: str | None = None) -> None:
    """Download buttons for one chart: `name` keys the widgets; the files are named after the
    chart's title (or `title`) and the current filters."""
    labels = {
        "csv": tr("数据 CSV", "Data CSV"),
        "xlsx": tr("数据 Excel", "Data Excel"),
        "png": tr("图片 PNG", "Image PNG"),
        "svg": tr("图片 SVG", "Image SVG"),
    }
    # The menu's buttons are made only when it is opened (a page opens with a dozen charts).
    menu = st.popover(tr("导出", "Export"), icon=":material/download:", type="tertiary", key=f"exports_{name}",
                      help=tr("下载本图的数据（CSV / Excel）或图片（PNG / SVG）",
                              "Download this chart's data (CSV / Excel) or image (PNG / SVG)"), on_change="rerun")
    if menu.open is False:
        return
    files = payloads(chart, name, title)
    with menu:
        cols = st.columns(2)
        for i, (fmt, (file_name, make)) in enumerate(files.items()):
            cols[i % 2].download_button(
                labels[fmt], data=make, file_name=file_name, mime=MIME[fmt], key=f"export_{name}_{fmt}",
                on_click="ignore", width="stretch",
            )
        st.caption(tr("数据为页面显示值（另附未修约值）；文件名含当前区划、统计日和口径；个人信息已脱敏。",
                      "Values as shown (unrounded values alongside); file names carry the region, date and "
                      "period; personal data are masked."))


# --- briefing report ----------------------------------------------------------------------------


def _report_maker(fmt: str, con, region_id: str, as_of, grain: str) -> Callable[[], bytes]:
    def make() -> bytes:
        # Runs on another thread when clicked; the metrics take their own cursors from `con`.
        b = report.build(con, region_id, as_of, grain)
        return report.render_pdf(b) if fmt == "pdf" else report.render_html(b).encode("utf-8")

    return make


def report_button(key: str = "report") -> None:
    """A "生成简报" popover: the briefing for the current region, date and period, as HTML or PDF."""
    view = state.current()
    if view.region_id is None:
        return
    stem = filter_stem(tr("简报", "briefing"))
    con = data.connection()
    menu = st.popover(tr("生成简报", "Briefing report"), icon=":material/summarize:", width="stretch", key=key,
                      on_change="rerun")
    if menu.open is False:  # its buttons are made when it is opened
        return
    with menu:
        st.caption(tr("按当前区划、统计日和口径生成：核心指标、同比、对标、主要图表、落后单位和文字分析。",
                      "For the current region, date and period: KPIs, year-on-year change, benchmarks, charts, "
                      "lagging sub-regions and a written narrative (Chinese)."))
        st.download_button(
            tr("HTML（可离线打开，约 5 MB）", "HTML (opens offline, ~5 MB)"),
            data=actions.audited(_report_maker("html", con, view.region_id, view.as_of, view.grain), "briefing",
                                 f"{stem}.html", view.region_id),
            file_name=f"{stem}.html", mime=MIME["html"], key=f"{key}_html", on_click="ignore", width="stretch",
            icon=":material/language:",
        )
        st.download_button(
            tr("PDF（A4，约需 5 秒）", "PDF (A4, takes ~5 s)"),
            data=actions.audited(_report_maker("pdf", con, view.region_id, view.as_of, view.grain), "briefing",
                                 f"{stem}.pdf", view.region_id),
            file_name=f"{stem}.pdf", mime=MIME["pdf"], key=f"{key}_pdf", on_click="ignore", width="stretch",
            icon=":material/picture_as_pdf:",
        )
