"""The briefing as one self-contained HTML file: plotly.js inlined, no external reference."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
import plotly.io as pio
import plotly.offline

from cgw.outputs.report.content import LEVEL_ZH, Briefing, date_num, good
from cgw.outputs.report.narrative import whole_word

TEMPLATES = Path(__file__).parent / "templates"
GRAIN_ZH = {"year": "本年", "quarter": "本季", "month": "本月"}
# Static charts: no mode bar, no links to plotly's website, no scroll zoom in a document.
PLOT_CONFIG = {"displayModeBar": False, "responsive": False, "scrollZoom": False}


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def title(b: Briefing) -> str:
    return f"{b.region.name}社区工作者队伍建设情况简报"


def _tone(metric_id: str, word: str | None) -> str:
    g = good(metric_id, word)
    return "" if g is None else ("good" if g else "bad")


def render(b: Briefing) -> str:
    """The whole document as a string (about 5 MB, almost all of it plotly.js)."""
    charts = []
    for c in b.charts:
        html = pio.to_html(c.figure, full_html=False, include_plotlyjs=False, config=PLOT_CONFIG,
                           default_width=f"{c.figure.layout.width}px", default_height=f"{c.figure.layout.height}px")
        # Half-width charts pair up side by side (a page holds more, none is left half empty).
        charts.append({"title": c.title, "note": c.note, "html": html, "half": (c.figure.layout.width or 0) < 500})
    rows = [list(zip(cells, lags)) for cells, lags in zip(b.ranking_cells, b.ranking_lagging)]
    info = b.dataset
    if b.synthetic:
        source = f"演示数据生成器（预设 {info.get('preset', '—')}，随机种子 {info.get('seed', '—')}）"
    else:
        source = "导入的名册与台账"
    return _env().get_template("briefing.html.j2").render(
        title=title(b),
        plotly_js=plotly.offline.get_plotlyjs(),
        as_of=date_num(b.filters.as_of),
        grain_label=GRAIN_ZH[b.filters.grain],
        generated=b.generated_at.strftime("%Y-%m-%d %H:%M"),
        synthetic=b.synthetic,
        paragraphs=b.paragraphs,
        kpis=b.kpis,
        tone=_tone,
        charts=charts,
        ranking_title=f"各{LEVEL_ZH[b.child_level]}对比与落后单位" if b.child_level else "下级单位对比",
        ranking_columns=b.ranking_columns,
        ranking_rows=rows,
        whole=whole_word(b),
        region_name=b.region.name,
        source=source,
    )


def write(b: Briefing, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render(b), encoding="utf-8")
    return path
