"""The briefing report: opens offline in Chromium, every number equals the metric catalogue's,
the narrative adapts to the data, the CLI writes HTML and PDF and fails in one line."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import metrics
from cgw.ingest.generator import build, targets
from cgw.outputs import report
from cgw.outputs.report.content import RANKING_METRICS
from cgw.storage import database
from metrics import catalogue, formatting, placement
from tests.support import ROOT

AS_OF = targets.DEFAULT_AS_OF
KUIWEN = "370705"
# Digits the narrative may carry outside a number: they are part of a KPI's own name.
NAMED_DIGITS = ("近4年", "近3年", "近12个月", "90后", "40周岁")


@pytest.fixture(scope="module")
def kuiwen_html(kuiwen_db, tmp_path_factory):
    con = database.connect(kuiwen_db)
    path = tmp_path_factory.mktemp("report") / "briefing.html"
    path.write_text(report.render_html(report.build(con)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def opened(kuiwen_html, browser):
    """The report in headless Chromium with every network request refused; requests recorded."""
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else route.abort())
    page.goto(kuiwen_html.as_uri())
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 8", timeout=20_000)
    yield page, requests, errors
    page.close()


def test_report_opens_offline_and_draws_every_chart(opened):
    page, requests, errors = opened
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert page.locator("section#charts .chart").count() == 8
    assert page.locator("section#charts .js-plotly-plot").count() == 8
    assert page.locator("section#charts .chart.half").count() == 6  # three pairs side by side
    assert "奎文区社区工作者队伍建设情况简报" in page.title()


def test_benchmarks_are_worded_as_the_seed_reports_and_hover_boxes_carry_units(opened):
    page, _, _ = opened
    table = page.locator("#kpis").inner_text()
    assert "达到奎文区报道值（91.1%以上）" in table  # the report: 超过91.1%
    assert "高于洪洞县报道值（130余家）" in table  # the report: 130余家
    assert "（超过）" not in table and "130家" not in table
    traces = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(
        d => d.data.filter(t => t.hovertemplate).map(t => [t.hovertemplate, t.customdata]))""")
    assert traces and all(h == "%{customdata}<extra></extra>" for h, _ in traces)
    first = traces[0][1]  # 各街道每万常住人口社工数: "大虞街道：18.7人"
    assert all(re.fullmatch(r"\S+街道：\d+\.\d人", text) for text in first), first
    # Below the national standard in the dashboard's red, not orange.
    bars = page.evaluate("() => document.querySelector('.js-plotly-plot').data[0].marker.color")
    assert "#D1495B" in bars and not {c for c in bars} - {"#D1495B", "#3A6EA5"}


def _numbers(page) -> list[dict]:
    return page.eval_on_selector_all(
        ".num", "els => els.map(e => ({text: e.textContent, ...e.dataset, inNarrative: !!e.closest('#narrative')}))")


def _independent(con, n: dict) -> tuple[str, float | None]:
    """The text and value the catalogue gives for one reported number, computed here."""
    kind = n["kind"]
    if kind == "date":
        return f"{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日", None
    if kind == "year":
        return f"{n['key']}年", float(n["key"])
    m = catalogue.get(n["metric"])
    if kind in ("benchmark", "benchmark_ratio"):
        b = m.benchmarks[int(n["bench"])]
        return (f"{b.value * 10:g}" if kind == "benchmark_ratio" else formatting.benchmark_value(m, b)), b.value
    f = metrics.Filters(n["region"], AS_OF)
    if n.get("dim"):
        df = metrics.breakdown(con, m.id, f, n["dim"]).set_index("key")["value"]
        v = float(df.get(n["key"], 0.0))
        return formatting.value(m, v), v
    v = metrics.evaluate(con, [m.id], f)[m.id]
    if kind == "value":
        return formatting.value(m, v), v
    if kind == "change":
        before = metrics.evaluate(con, [m.id], f.year_earlier())[m.id]
        delta = abs(v - before)
        return formatting.change(m, delta).lstrip("+±"), delta
    if kind == "gap":
        gap = abs(v - m.benchmarks[int(n["bench"])].value)
        return (formatting.change(m, gap).lstrip("+±") if m.unit == "%" else formatting.value(m, gap)), gap
    raise AssertionError(f"unexpected kind {kind}")


def test_every_number_in_the_report_equals_the_catalogue(opened, kuiwen_db):
    page, _, _ = opened
    con = database.connect(kuiwen_db)
    numbers = _numbers(page)
    assert len(numbers) > 150
    checked = 0
    for n in numbers:
        if n["kind"] == "lag_count":
            continue
        text, value = _independent(con, n)
        assert n["text"] == text, n
        if value is not None:
            assert float(n["value"]) == pytest.approx(value, rel=1e-9, abs=1e-9), n
        checked += 1
    assert checked > 150
    # The headline figures are all in the narrative, as the source report writes them.
    narrative = {n["metric"] for n in numbers if n["inNarrative"] and n["kind"] == "value"}
    assert {"workers_per_10k", "under_40_share", "college_share", "certified_share", "secretary_avg_age",
            "new_secretaries_3y", "open_recruits_4y", "reserve_90s_head", "partners", "wishes_fulfilled"} <= narrative


def test_the_narrative_has_no_number_that_is_not_from_the_catalogue(opened):
    page, _, _ = opened
    texts = page.eval_on_selector_all(
        "#narrative p", "ps => ps.map(p => { const c = p.cloneNode(true);"
        " c.querySelectorAll('.num').forEach(n => n.remove()); return c.textContent; })")
    assert len(texts) == len(placement.BRIEFING_SECTIONS) + 1  # and the lagging sub-regions
    for text in texts:
        for phrase in NAMED_DIGITS:
            text = text.replace(phrase, "")
        assert not re.search(r"\d", text), text


def test_narrative_reads_like_the_source_report(opened, kuiwen_db):
    page, _, _ = opened
    text = page.locator("#narrative").inner_text()
    # The seed report: 每万常住人口拥有专职社工18.5人，40周岁以下占比达40.1%，大专及以上学历…占比超过91.1%
    assert "每万常住人口拥有专职社工18.5人" in text
    assert "40周岁以下占比达40.1%" in text
    assert "大专及以上学历占比超过91.1%" in text  # the generated value is just above 91.1%
    assert "持证比例达到64.2%，高于国家目标（50.0%）14.2个百分点" in text
    assert "近3年新提拔使用社区书记25人" in text
    assert "储备“90后”正职人选12人、副职人选49人、“两委”成员人选76人" in text
    con = database.connect(kuiwen_db)
    now = metrics.evaluate(con, ["under_40_share", "college_share"], metrics.Filters(KUIWEN, AS_OF))
    before = metrics.evaluate(con, ["under_40_share", "college_share"], metrics.Filters(KUIWEN, AS_OF).year_earlier())
    for mid in ("under_40_share", "college_share"):
        delta = now[mid] - before[mid]
        word = "提高" if delta > 0 else "下降"
        phrase = f"{formatting.value(catalogue.get(mid), now[mid])}，较上年同期{word}{abs(delta) * 100:.1f}个百分点"
        assert phrase in text, phrase


def test_lagging_cells_and_counts_agree_with_the_catalogue(opened, kuiwen_db):
    page, _, _ = opened
    con = database.connect(kuiwen_db)
    f = metrics.Filters(KUIWEN, AS_OF)
    whole = metrics.evaluate(con, list(RANKING_METRICS), f)
    rows = page.eval_on_selector_all(
        "#ranking tbody tr", "trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => ({"
        "lag: td.classList.contains('lag'), text: td.textContent.trim()})))")
    assert len(rows) == 8  # every street
    counts = []
    for row in rows:
        name, cells, count = row[0]["text"], row[1:-1], int(row[-1]["text"])
        region = database.query_rows(con, "SELECT region_id FROM regions WHERE name = ?", [name])[0][0]
        mine = metrics.evaluate(con, list(RANKING_METRICS), f.in_region(region))
        for mid, cell in zip(RANKING_METRICS, cells):
            m = catalogue.get(mid)
            shown, total = formatting.value(m, mine[mid]), formatting.value(m, whole[mid])
            worse = (mine[mid] < whole[mid]) if m.higher_is_better else (mine[mid] > whole[mid])
            assert cell["text"] == shown
            assert cell["lag"] == (worse and shown != total), (name, mid)
        assert count == sum(c["lag"] for c in cells)
        counts.append(count)
    assert counts == sorted(counts, reverse=True)  # worst first


def test_sentences_follow_the_data(tmp_path):
    """Below the national targets and falling behind: the narrative says so, with the gap."""
    t = targets.from_mapping({"population": 80_000, "streets": 2, "communities": 6, "workers_per_10k": 15.0,
                              "under_40_share": 0.3, "college_share": 0.8, "certified_share": 0.45,
                              "secretary_avg_age": 45.0, "partners": 12, "issues_resolved": 20,
                              "wishes_fulfilled": 90})
    path = tmp_path / "low.duckdb"
    build.generate(t, path, seed=5)
    con = database.connect(path)
    b = report.build(con)
    text = "".join(p.text for p in b.paragraphs)
    assert "每万常住人口拥有专职社工15.0人，距国家标准（18人）尚差3.0人" in text
    assert "持证比例达到45.0%，距国家目标（50.0%）尚差5.0个百分点" in text
    assert "高于国家" not in text
    # A community's grids are not ranked (the ranking's KPIs are kept per community); a grid has
    # nothing below it: no ranking, and the narrative says why.
    community = database.query_rows(con, "SELECT min(region_id) FROM regions WHERE level = 'community'")[0][0]
    c = report.build(con, community)
    assert c.ranking.empty and c.child_level is None
    assert "按社区统计，不再细分网格比较" in c.paragraphs[-1].text
    grid = database.query_rows(con, "SELECT min(region_id) FROM regions WHERE level = 'grid'")[0][0]
    if grid is not None:
        g = report.build(con, grid)
        assert g.ranking.empty and g.child_level is None
        assert "为最基层区划" in g.paragraphs[-1].text
    database.close(path)


def test_the_briefing_writes_a_sentence_on_every_schema_6_kpi(kuiwen_db):
    """Grids and 党员中心户, needs against supply, the training mechanisms, 胜任力测评, secondments
    and assessment outcomes: each KPI is a number of the narrative, in its section."""
    con = database.connect(kuiwen_db)
    b = report.build(con)
    by_title = {p.title: {n.metric for n in p.segments if isinstance(n, report.Num) and n.kind == "value"}
                for p in b.paragraphs}
    for title, ids in placement.BRIEFING_SECTIONS.values():
        new = [m for m in ids if m in placement.SCHEMA_6]
        assert set(new) <= by_title[title], (title, set(new) - by_title[title])
    assert placement.SCHEMA_6 <= set(placement.briefing_metrics())
    text = "".join(p.text for p in b.paragraphs)
    assert "构建“区委—乡镇（街道）党委—社区党组织—小区（网格）党支部—党员中心户”五级组织架构" in text
    assert "服务供给清单和社区服务清单在供项目" in text and "“兴村治社好书记”工作室" in text
    assert "参加胜任力测评的社区工作者" in text


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "cli.py", "report", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)


def test_cli_writes_a_self_contained_html_and_a_legible_pdf(kuiwen_db, tmp_path):
    database.close(kuiwen_db)  # the CLI opens the file read-only in its own process
    html = tmp_path / "b.html"
    r = _cli("--db", str(kuiwen_db), "--region", "370705001", "--out", str(html))
    assert r.returncode == 0, r.stderr
    text = html.read_text(encoding="utf-8")
    assert "大虞街道社区工作者队伍建设情况简报" in text
    # No external script, style sheet or image (plotly.js itself names its CDN in a default it never uses).
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<img[^>]+src=[\"']?http", text, re.I)
    assert text.count("<script") >= 6  # plotly.js inlined, then one per chart
    pdf = tmp_path / "b.pdf"
    r = _cli("--db", str(kuiwen_db), "--as-of", "2026-06-30", "--out", str(pdf))
    assert r.returncode == 0, r.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = int(re.search(rb"/Count (\d+)", data).group(1))
    assert 3 <= pages <= 8
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+NotoSans(CJK|SC)", data), "Chinese font not embedded"
    assert re.search(rb"/MediaBox\s*\[0 0 59[45]\.\d* 841\.\d*\]", data), "not A4"
    # No half-empty page: on every page but the last, the ink reaches past the middle.
    import numpy as np
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    for i in range(len(doc) - 1):
        ink = np.asarray(doc[i].render(scale=0.5).to_pil().convert("L")) < 200
        rows = np.flatnonzero(ink.any(axis=1))
        assert rows[-1] / ink.shape[0] > 0.6, f"page {i + 1} ends at {rows[-1] / ink.shape[0]:.0%}"


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "x.txt"], "扩展名应为 .html 或 .pdf"),
    (["--region", "999999", "--out", "x.html"], "找不到区划"),
    (["--as-of", "2026/09/30", "--out", "x.html"], "YYYY-MM-DD"),
])  # fmt: skip
def test_cli_errors_are_one_line(kuiwen_db, tmp_path, args, message):
    database.close(kuiwen_db)
    r = _cli("--db", str(kuiwen_db), *[a if not a.startswith("x.") else str(tmp_path / a) for a in args])
    assert r.returncode != 0
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
