"""The briefing report: headline KPIs, charts, lagging sub-regions and a written narrative.

`build` computes a Briefing from the metric catalogue; `html` renders it self-contained;
`pdf` prints that HTML with the system Chromium. The command line (`cli.py report`) and the
dashboard's report button call the same three functions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from cgw.outputs.report.content import Briefing, Num, build

__all__ = ["Briefing", "Num", "build", "render_html", "render_pdf", "write"]


def render_html(b: Briefing) -> str:
    from cgw.outputs.report import html

    return html.render(b)


def render_pdf(b: Briefing) -> bytes:
    from cgw.outputs.report import pdf

    return pdf.pdf_bytes(render_html(b))


def write(con: duckdb.DuckDBPyConnection, out: str | Path, region_id: str | None = None,
          as_of: dt.date | None = None, grain: str = "year") -> Path:
    """Build the briefing and write it as .html or .pdf (chosen by the file extension)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise ValueError(f"输出文件 {out.name} 的扩展名应为 .html 或 .pdf")
    b = build(con, region_id, as_of, grain)
    if suffix == ".pdf":
        from cgw.outputs.report import pdf

        return pdf.html_to_pdf(render_html(b), out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(b), encoding="utf-8")
    return out
