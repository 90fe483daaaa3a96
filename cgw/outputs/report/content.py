"""What a briefing holds, computed from the metric catalogue: headline KPIs with benchmarks and
year-on-year change, the lagging sub-regions and the data behind each chart.

Every number in a briefing is a `Num`: its text is made by metrics.formatting from a value that
metrics.evaluate / compare / breakdown returned, and it remembers where it came from (metric,
region, date, dimension) so the HTML can carry that provenance and tests can recompute it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

import metrics
from cgw import domain
from cgw.storage import database, datasets
from metrics import catalogue, formatting, placement, verdicts
from metrics import regions as region_lookup

LEVEL_ZH = {"province": "省", "city": "市", "district": "区县", "street": "街道（乡镇）", "community": "社区",
            "grid": "网格"}
# The KPIs a sub-region is ranked on, in the order they are shown (metrics.placement).
RANKING_METRICS = tuple(placement.RANKING)


@dataclass(frozen=True)
class Num:
    """A number shown in the briefing, with its provenance.

    kind: value (a metric's value), change (|value − value a year earlier|), benchmark (a
    catalogue benchmark), gap (|value − benchmark|), date (a date derived from the filters),
    year (a calendar year derived from the filters), lag_count (how many ranked KPIs of a
    sub-region are worse than the whole region's).
    """

    text: str
    kind: str
    value: float | None = None
    metric: str | None = None
    region: str | None = None
    dim: str | None = None
    key: str | None = None
    bench: int | None = None  # index into the metric's benchmarks


Segment = str | Num


@dataclass
class Paragraph:
    title: str
    segments: list[Segment]

    @property
    def text(self) -> str:
        return "".join(s if isinstance(s, str) else s.text for s in self.segments)


@dataclass
class KpiRow:
    metric: metrics.Metric
    value: Num
    change: Num | None
    direction: str | None  # 提高 / 下降 / 持平
    benchmarks: list[tuple[str, Num, str | None]]  # (label, value, 高于/低于/达到)


@dataclass
class Chart:
    title: str
    figure: object  # plotly Figure
    data: pd.DataFrame
    note: str = ""


@dataclass
class Briefing:
    region: region_lookup.Region
    filters: metrics.Filters
    generated_at: dt.datetime
    dataset: dict[str, str]
    synthetic: bool
    kpis: list[KpiRow]
    paragraphs: list[Paragraph]
    ranking: pd.DataFrame  # one row per sub-region, worst first
    ranking_cells: list[list[Num | str]]  # the same, as cells with provenance
    ranking_lagging: list[list[bool]]
    ranking_columns: list[str]
    child_level: str | None
    charts: list[Chart] = field(default_factory=list)


# --- formatting helpers (all numbers go through metrics.formatting) ----------------------------


def value_num(metric_id: str, value: float | None, region: str, dim: str | None = None, key: str | None = None) -> Num:
    m = catalogue.get(metric_id)
    return Num(formatting.value(m, value), "value", value, metric_id, region, dim, key)


def change_num(metric_id: str, delta: float, region: str) -> Num:
    """The size of a year-on-year change, without sign (the sentence says up or down)."""
    m = catalogue.get(metric_id)
    return Num(formatting.change(m, abs(delta)).lstrip("+±"), "change", abs(delta), metric_id, region)


def bench_num(metric_id: str, index: int = 0) -> Num:
    """A benchmark as published (18人, 91.1%以上, 130余家), as the dashboard writes it."""
    m = catalogue.get(metric_id)
    b = m.benchmarks[index]
    return Num(formatting.benchmark_value(m, b), "benchmark", b.value, metric_id, bench=index)


def gap_num(metric_id: str, value: float, index: int, region: str) -> Num:
    m = catalogue.get(metric_id)
    gap = abs(value - m.benchmarks[index].value)
    text = formatting.change(m, gap).lstrip("+±") if m.unit == "%" else formatting.value(m, gap)
    return Num(text, "gap", gap, metric_id, region, bench=index)


def date_num(d: dt.date) -> Num:
    return Num(f"{d.year}年{d.month}月{d.day}日", "date", None, key=d.isoformat())


def year_num(year: int) -> Num:
    return Num(f"{year}年", "year", float(year), key=str(year))


# The briefing's words for the verdicts of metrics.verdicts (the rule itself lives there).
WORDS_ZH = {verdicts.ABOVE: "高于", verdicts.BELOW: "低于", verdicts.EQUAL: "达到",
            verdicts.UP: "提高", verdicts.DOWN: "下降", verdicts.FLAT: "持平"}
_VERDICT_OF_WORD = {w: v for v, w in WORDS_ZH.items()}


def worse_than_whole(metric_id: str, v: float | None, whole: float | None) -> bool:
    return verdicts.worse_than(catalogue.get(metric_id), v, whole)


def direction_word(metric_id: str, delta: float | None) -> str | None:
    """提高 / 下降 / 持平, judged on the displayed precision."""
    return WORDS_ZH.get(verdicts.direction(catalogue.get(metric_id), delta))


def against(metric_id: str, value: float | None, index: int = 0) -> str | None:
    """高于 / 低于 / 达到 a benchmark, judged on the displayed precision."""
    m = catalogue.get(metric_id)
    return WORDS_ZH.get(verdicts.versus(m, value, m.benchmarks[index])) if m.benchmarks else None


def good(metric_id: str, word: str | None) -> bool | None:
    """Whether 高于/提高 (or 低于/下降) is good news for this metric."""
    return verdicts.good_news(catalogue.get(metric_id), _VERDICT_OF_WORD.get(word))


# --- building ------------------------------------------------------------------------------------


HEADLINE = placement.headline()


def build(con: duckdb.DuckDBPyConnection, region_id: str | None = None, as_of: dt.date | None = None,
          grain: str = "year") -> Briefing:
    """Everything a briefing shows, for one region and date."""
    from cgw.outputs.report import figures, narrative  # figures need plotly; narrative needs the helpers above

    region, filters = region_lookup.view(con, region_id, as_of, grain)
    info = database.dataset_info(con)
    ids = list(placement.briefing_metrics())
    comparisons = {c.metric.id: c for c in metrics.compare(con, ids, filters)}
    kpis = [kpi_row(comparisons[mid], region) for mid in HEADLINE]
    # A community's grids are not ranked: the ranking's KPIs (population, partners…) are kept per community.
    child_level = domain.CHILD_LEVEL.get(region.level) if region.level not in ("community", "grid") else None
    ranking, cells, lagging, columns = rank_children(con, filters, comparisons) if child_level else (
        pd.DataFrame(), [], [], [])
    briefing = Briefing(
        region=region,
        filters=filters,
        generated_at=dt.datetime.now().replace(microsecond=0),
        dataset=info,
        synthetic=datasets.is_synthetic(con),
        kpis=kpis,
        paragraphs=[],
        ranking=ranking,
        ranking_cells=cells,
        ranking_lagging=lagging,
        ranking_columns=columns,
        child_level=child_level,
    )
    briefing.paragraphs = narrative.write(con, briefing, comparisons)
    briefing.charts = figures.charts(con, briefing)
    return briefing


def applicable_benchmarks(m: metrics.Metric, level: str) -> list[int]:
    """Indexes of the benchmarks that make sense for a region of `level` (a district's head-count
    is no yardstick for a street); the dashboard applies the same rule."""
    usable = m.benchmarks_at(level)
    return [i for i, b in enumerate(m.benchmarks) if b in usable]


def kpi_row(c: metrics.Comparison, region: region_lookup.Region) -> KpiRow:
    m = c.metric
    rid = region.region_id
    word = direction_word(m.id, c.yoy_change)
    change = None if c.yoy_change is None else change_num(m.id, c.yoy_change, rid)
    benches = [(formatting.benchmark_label(m.benchmarks[i]), bench_num(m.id, i), against(m.id, c.value, i))
               for i in applicable_benchmarks(m, region.level)]
    return KpiRow(m, value_num(m.id, c.value, rid), change, word, benches)


def rank_children(con: duckdb.DuckDBPyConnection, filters: metrics.Filters, comparisons: dict):
    """Sub-regions ranked by how many key KPIs lag the region as a whole (then by how far)."""
    frames = {mid: metrics.breakdown(con, mid, filters, "region") for mid in RANKING_METRICS}
    base = frames[RANKING_METRICS[0]][["key", "label"]].rename(columns={"key": "region_id", "label": "name"})
    rows = []
    for _, r in base.iterrows():
        row = {"region_id": r["region_id"], "name": r["name"], "lagging": 0, "gap_score": 0.0}
        for mid in RANKING_METRICS:
            f = frames[mid]
            v = f.loc[f["key"] == r["region_id"], "value"]
            v = None if v.empty or pd.isna(v.iloc[0]) else float(v.iloc[0])
            row[mid] = v
            whole = comparisons[mid].value
            if worse_than_whole(mid, v, whole):
                row["lagging"] += 1
                row["gap_score"] += abs(v - whole) / (abs(whole) or 1)
        rows.append(row)
    ranking = pd.DataFrame(rows).sort_values(["lagging", "gap_score", "region_id"], ascending=[False, False, True])
    ranking = ranking.reset_index(drop=True)
    cells, lagging = [], []
    for _, r in ranking.iterrows():
        row_cells: list[Num | str] = [r["name"]]
        row_lag = [False]
        for mid in RANKING_METRICS:
            v = r[mid]
            v = None if v is None or pd.isna(v) else float(v)
            row_cells.append(value_num(mid, v, r["region_id"]))
            row_lag.append(worse_than_whole(mid, v, comparisons[mid].value))
        row_cells.append(Num(str(int(r["lagging"])), "lag_count", float(r["lagging"]), region=r["region_id"]))
        row_lag.append(False)
        cells.append(row_cells)
        lagging.append(row_lag)
    columns = ["名称", *placement.RANKING.values(), "落后项"]
    return ranking, cells, lagging, columns
