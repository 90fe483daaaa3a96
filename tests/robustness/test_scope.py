"""Tampered URLs for an account bound to one street (广文街道 370705006): 200+ page runs under
AppTest, each URL naming another street, another street's community, the district, a code
outside the tree or a hostile value, on every dashboard page and the data-quality page, mixed
with other view parameters (date, grain, language, big screen, a named dataset). Required on
every run: no exception, the session's region inside 广文街道, no name of another street or of
another street's community anywhere on the page (text, tables, charts, selectors), and every KPI
card equal to the catalogue's value for the region shown.

Run `pytest tests/robustness/test_scope.py -s` to see the figures.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import shutil

import pytest

import metrics
import pages
from cgw.storage import database
from metrics import catalogue, formatting
from tests import support
from tests.support import accounts as test_accounts

STREET = test_accounts.STREET
PAGES = [*pages.page_ids(dashboard_only=True), "quality"]
LABELS = {m.label_zh: m for m in catalogue.CATALOGUE} | {m.label_en: m for m in catalogue.CATALOGUE}


@pytest.fixture
def db(kuiwen_db, tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    folder.mkdir()
    monkeypatch.setenv("CGW_DATASETS_DIR", str(folder))
    database.close(kuiwen_db)
    shutil.copy(kuiwen_db, folder / "全区演示.duckdb")  # a named dataset holding the whole district
    support.reset_streamlit()
    yield kuiwen_db
    support.reset_streamlit()


def tampered(con, n: int, seed: int = 15) -> list[tuple[str, dict]]:
    """At least `n` (page, query) pairs: every other street, every community and every grid (网格) of
    another street named at least once, on every page, with the other view parameters varied."""
    rows = database.query_rows(con, "SELECT region_id FROM regions ORDER BY region_id")
    foreign = [r for (r,) in rows if not r.startswith(STREET) and len(r) > 6]
    hostile = ["370705", "37070500", "370705009", "370705006999", "3707050060031", "370705001001 ", "0370705006",
               "370705001'--", "３７０７０５００１", "370705001,370705002", "-370705006"]
    rng = random.Random(seed)
    regions = foreign + hostile
    rng.shuffle(regions)
    extras = itertools.cycle([{}, {"as_of": "2026-03-31"}, {"grain": "quarter"}, {"lang": "en"}, {"big": "1"},
                              {"dataset": "全区演示"}, {"as_of": "2024-12-31", "grain": "month"}])
    out = []
    for i in range(max(n, len(regions))):
        region = regions[i % len(regions)]
        query = {"region": region, **next(extras)}
        if i % 9 == 4:  # repeated: the district first, then another street
            query["region"] = ["370705", region]
        out.append((PAGES[i % len(PAGES)], query))
    return out


def page_text(at) -> str:
    """Everything a page shows: text, tables, KPI cards, chart markup, selector options."""
    parts = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "success", "error", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    parts += [e.value.to_csv() for e in at.dataframe]
    parts += [" ".join(map(str, e.options)) for e in at.selectbox]
    parts += [b.label for b in at.button] + [e.label for e in at.expander]
    parts += [json.dumps(option, ensure_ascii=False) for option in support.echarts(at)]  # names, values, tooltips
    parts += [e.proto.body for e in at.get("html")]  # the 大屏's title and KPI tiles
    return "\n".join(parts)


def check(at, con, forbidden: list[str], as_of_default) -> list[str]:
    problems = []
    if at.exception:
        return [f"exception {at.exception[0].message[:120]}"]
    ss = at.session_state
    region = ss["region"] if "region" in ss else None
    if not (isinstance(region, str) and region.startswith(STREET)):
        problems.append(f"region {region}")
        return problems
    text = page_text(at)
    leaked = [name for name in forbidden if name in text]
    if leaked:
        problems.append(f"names {leaked[:3]}")
    cards = {LABELS[m.label]: m.value for m in at.metric if m.label in LABELS}
    if cards:
        lang = "en" if ss["lang"] == "en" else "zh"
        want = metrics.evaluate(con, [m.id for m in cards], metrics.Filters(region, ss["as_of"], ss["grain"]))
        wrong = [m.id for m, v in cards.items() if v != formatting.value(m, want[m.id], lang)]
        if wrong:
            problems.append(f"figures {wrong[:3]}")
    return problems


def test_a_street_account_never_sees_another_street(db):
    con = database.connect(db)
    names = database.query_rows(con, "SELECT region_id, name FROM regions")
    # Grid names repeat across communities (锦绣园小区网格): a name the street itself has is not forbidden.
    own = {n for r, n in names if r.startswith(STREET)}
    forbidden = sorted({n for r, n in names if not r.startswith(STREET) and len(r) > 6} - own, key=len, reverse=True)
    cases = tampered(con, 200)
    as_of_default = database.as_of_date(con)
    failures, cards_checked, names_checked, runs = [], 0, 0, 0
    for page, query in cases:
        user = "analyst_street" if page == "quality" else "viewer_street"
        at = support.app_test(db, page=None if page == "overview" else page, query=query, user=user)
        at.run()
        runs += 1
        problems = check(at, con, forbidden, as_of_default)
        cards = len(at.metric) or sum(e.proto.body.count('<div class="tile">') for e in at.get("html"))  # 大屏 tiles
        cards_checked += len([m for m in at.metric if m.label in LABELS])
        names_checked += len(forbidden)
        if page != "quality" and not problems and cards < 4:
            problems.append(f"{cards} KPI cards")
        failures += [f"{page} {str(query)[:90]}: {p}" for p in problems]
    named = {q["region"] if isinstance(q["region"], str) else q["region"][1] for _, q in cases}
    known = {r: len(r) for r, _ in names if not r.startswith(STREET)}
    streets = sum(1 for r in named if known.get(r) == 9)
    communities = sum(1 for r in named if known.get(r) == 12)
    grids = sum(1 for r in named if known.get(r) == 15)
    print(f"\n[scope] {runs} tampered URLs on {len(PAGES)} pages for a 广文街道 account: naming {streets} other streets, "
          f"{communities} communities and {grids} grids of other streets, the district and hostile codes; {cards_checked} KPI cards "
          f"compared with the catalogue, {len(forbidden)} forbidden names searched per page; pages showing another "
          f"street's name or figure: {len(failures)}")
    for f in failures[:20]:
        print("   ", f)
    # every one of them
    assert runs >= 200 and (streets, communities, grids) == tuple(
        sum(1 for r in known if len(r) == n) for n in (9, 12, 15))
    assert failures == []


def test_the_control_a_district_account_does_see_the_street_it_asks_for(db):
    """The same check is not blind: a district account asking for 大虞街道 gets it, names and all."""
    at = support.app_test(db, query={"region": "370705001"}, user="viewer_district")
    at.run()
    assert at.session_state["region"] == "370705001"
    assert "大虞街道" in page_text(at) and re.search(r"康乐社区", page_text(at))
