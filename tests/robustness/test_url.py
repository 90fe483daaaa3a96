"""Hostile URL parameters and widget input fall back to a clean default view.

Every page runs under AppTest with hostile query parameters (SQL text, huge strings, unicode junk,
NUL and bidi characters, negative, impossible and overflowing dates, unknown datasets and path
tricks, region codes of the wrong length or in other digit systems, unknown grains and languages,
repeated parameters). Required and asserted: no exception, the page's own title, the default view
(root region, the dataset's as-of date, year grain, Chinese, no big screen, default dataset), KPI
cards drawn on the dashboard pages, and the view parameters removed from the URL. Hostile widget
input: dataset names in the studio, hostile files on the import page, and out-of-range dates and
numbers in the sidebar and the studio form.

Run `pytest tests/test_robust_url.py -s` to see the figures.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter

import pytest

import pages
from cgw.storage import database
from tests import support

PAGES = [(p.id, p.heading()) for p in pages.ALL_PAGES]
DASHBOARD = set(pages.page_ids(dashboard_only=True))
VIEW_KEYS = ("dataset", "region", "as_of", "grain", "lang", "big")

HOSTILE = {
    "region": ["1' OR '1'='1", "370705'; DROP TABLE workers; --", "37", "3707050", "3707050010011", "0" * 12, "",
               "９" * 6, "٣٧٠٧٠٥", "\x00\u202e\ufeff", "9" * 100_000, "-370705", "370705 ", "370705%00", "𝟑𝟕𝟎𝟕𝟎𝟓"],
    "as_of": ["-0001-01-01", "0000-00-00", "9999-12-31", "2024-02-30", "+275760-09-13", "1e10", "1999-12-31",
              "2101-01-01", "2026-09-30'; DROP TABLE x; --", "9" * 5000, "２０２６-０９-３０", "NaN", "2026-W40"],
    "grain": ["decade", "YEAR", "year'--", "", "<script>alert(1)</script>", "\u0000"],
    "lang": ["fr", "zh-CN", "<script>", "EN", "z" * 70_000],
    "big": ["1; DROP TABLE workers", "true", "2", "", "１"],
    "dataset": ["nope", "../../etc/passwd", "default'--", "robust-demo", "..", "/", "a" * 41, "数据集\u202e"],
}


def hostile_queries(n: int, seed: int = 11) -> list[dict]:
    """`n` query strings, each hostile in every view parameter; every hostile value is used, some
    parameters repeated (two values, the second one valid) and some unknown parameters added."""
    rng = random.Random(seed)
    cycles = {k: itertools.cycle(rng.sample(v, len(v))) for k, v in HOSTILE.items()}
    out = []
    for i in range(n):
        q = {k: next(c) for k, c in cycles.items()}
        if i % 3 == 0:  # repeated parameters: ambiguous, so the default
            q["region"] = [q["region"], "370705001"]
            q["as_of"] = [q["as_of"], "2025-06-30"]
            q["grain"] = [q["grain"], "quarter"]
        if i % 4 == 1:
            q["'; DROP TABLE regions; --"] = "1"
            q["page"] = "../../../../etc/passwd"
        out.append(q)
    return out


@pytest.fixture
def db(kuiwen_copy, fresh_streamlit, monkeypatch, tmp_path):
    monkeypatch.setenv("CGW_DATASETS_DIR", str(tmp_path / "datasets"))
    return kuiwen_copy


def _default_view(db_path) -> tuple[str, dt.date]:
    con = database.connect(db_path)
    root = database.query_rows(con, "SELECT region_id FROM regions WHERE parent_id IS NULL ORDER BY length(region_id) LIMIT 1")[0][0]
    return root, database.as_of_date(con)


def _check_default(at, title: str, page: str, root: str, as_of: dt.date) -> list[str]:
    problems = []
    if at.exception:
        problems.append(f"exception {at.exception[0].message[:120]}")
    titles = [t.value for t in at.title]
    if titles[:1] != [title]:
        problems.append(f"title {titles[:1]}")
    ss = at.session_state
    view = {k: ss[k] if k in ss else None for k in ("dataset", "region", "as_of", "grain", "lang", "big")}
    if view != {"dataset": "default", "region": root, "as_of": as_of, "grain": "year", "lang": "zh", "big": False}:
        problems.append(f"view {view}")
    left = [k for k in VIEW_KEYS if k in at.query_params]
    if left:
        problems.append(f"URL keeps {left}")
    if page in DASHBOARD and len(at.metric) < 4:
        problems.append(f"{len(at.metric)} KPI cards")
    return problems


def test_hostile_url_parameters_give_the_default_view_on_every_page(db):
    root, as_of = _default_view(db)
    database.close(db)
    queries = hostile_queries(3 * len(PAGES))
    failures, runs = [], 0
    used = Counter()
    for i, q in enumerate(queries):
        page, title = PAGES[i % len(PAGES)]
        support.reset_streamlit()
        at = support.app_test(db, page=page, query=q)
        at.run()
        runs += 1
        for k, v in q.items():
            for one in v if isinstance(v, list) else [v]:
                used[(k, one)] += 1
        for p in _check_default(at, title, page, root, as_of):
            failures.append(f"{page} {str(q)[:150]}: {p}")
    hostile_values = sum(len(v) for v in HOSTILE.values())
    covered = sum(1 for k, vs in HOSTILE.items() for v in vs if used[(k, v)])
    print(f"\n[url] {runs} page runs ({len(PAGES)} pages × {runs // len(PAGES)} hostile query strings), "
          f"{covered} of {hostile_values} hostile values used, {sum(isinstance(v, list) for q in queries for v in q.values())} "
          f"repeated parameters; runs not in the default view: {len(failures)}")
    for f in failures[:20]:
        print("   ", f)
    assert covered == hostile_values
    assert failures == []


def test_a_valid_url_still_opens_its_view(db):
    """The control: the same checks see a non-default view when the URL asks for a valid one."""
    support.reset_streamlit()
    at = support.app_test(db, page="workforce", query={"region": "370705001", "as_of": "2025-06-30", "grain": "quarter"})
    at.run()
    assert not at.exception
    assert (at.session_state["region"], at.session_state["as_of"], at.session_state["grain"]) == (
        "370705001", dt.date(2025, 6, 30), "quarter")
    assert at.query_params["region"] == "370705001" and at.query_params["grain"] == "quarter"


STUDIO_NAMES = ["../../etc/passwd", "'; DROP TABLE workers; --", "default", "a" * 40 + "b", "名称\u202e", "..",
                "x/y", "\x00", "<script>alert(1)</script>", "CON", " ", "数据集" * 20]


def test_hostile_dataset_names_in_the_studio_are_refused_and_create_nothing(db, tmp_path):
    shown = []
    for name in STUDIO_NAMES:
        support.reset_streamlit()
        at = support.app_test(db, page="studio")
        at.run()
        at.text_input(key="studio_name").set_value(name)
        at.run()
        assert not at.exception, (name, at.exception)
        generate = at.button(key="studio_generate")
        errors = [e.value for e in at.error]
        if len(name) > 40:  # the widget keeps 40 characters (max_chars), as a browser would
            assert len(at.text_input(key="studio_name").value) == 40
        elif name.strip() and name != "CON":
            assert generate.disabled and any("无效" in e or "不能" in e for e in errors), (name, errors)
            shown.append(errors[0][:40])
        if not generate.disabled:  # a browser cannot click a disabled button (AppTest refuses too)
            generate.click()
            at.run()
            assert not at.exception, (name, at.exception)
    made = sorted(p.name for p in (tmp_path / "datasets").glob("*")) if (tmp_path / "datasets").exists() else []
    print(f"\n[url] studio: {len(STUDIO_NAMES)} hostile dataset names, refused: {len(shown)}, e.g. «{shown[0]}»; "
          f"files created: {made}")
    # Valid names only: "CON", a blank one (it takes the suggestion), the first 40 characters of long ones;
    # nothing written outside the datasets folder.
    # The suggested name is the preset's name in the UI's language (奎文区-1).
    assert made == sorted(f"{n}.duckdb" for n in ("CON", "奎文区-1", "a" * 40, ("数据集" * 20)[:40])), made
    assert sorted(p.name for p in tmp_path.rglob("*.duckdb") if p.parent != tmp_path / "datasets") == ["kuiwen.duckdb"]


def test_hostile_files_and_values_in_widgets_are_refused_with_a_message(db):
    from tests.robustness.test_fuzz import WORKERS_H, text

    files = {
        "random.csv": random.Random(1).randbytes(5000),
        "corrupt.xlsx": b"PK\x03\x04" + random.Random(2).randbytes(3000),
        "sql_header.csv": text([["'; DROP TABLE workers; --", *WORKERS_H[1:]], ["x"] * len(WORKERS_H)]),
        "empty.csv": b"",
        "nul.csv": b"\x00" * 500,
    }
    messages = []
    for name, data in files.items():
        support.reset_streamlit()
        at = support.app_test(db, page="import_data")
        at.run()
        at.get("file_uploader")[0].upload(name, data, "text/csv")
        at.run()
        assert not at.exception, (name, at.exception)
        shown = [e.value for e in at.error] + [w.value for w in at.warning]
        assert shown, name
        messages.append(shown[0][:50])
    before = database.table_counts(database.connect(db))
    database.close(db)
    # Out-of-range dates and numbers: Streamlit checks them on the server and resets the widget.
    out_of_range = 0
    for value in (dt.date(1900, 1, 1), dt.date(2200, 1, 1)):
        support.reset_streamlit()
        at = support.app_test(db, page="overview")
        at.run()
        at.date_input(key="as_of").set_value(value)
        at.run()
        assert not at.exception, (value, at.exception)
        got = at.session_state["as_of"]
        assert got != value and state_ok(got), got
        out_of_range += 1
    bounds = {"studio_population": (500, 200_000_000), "studio_seed": (0, 2**31 - 1), "studio_scale": (0.1, 20.0),
              "studio_communities": (1, 99_000)}
    for key, value in [("studio_population", -5), ("studio_population", 10**13), ("studio_seed", -1),
                       ("studio_scale", 1e9), ("studio_communities", 0)]:
        support.reset_streamlit()
        at = support.app_test(db, page="studio")
        at.run()
        at.number_input(key=key).set_value(value)
        at.run()
        assert not at.exception, (key, value, at.exception)
        got = at.number_input(key=key).value
        lo, hi = bounds[key]
        assert got != value and lo <= got <= hi, (key, value, got)
        out_of_range += 1
    after = database.table_counts(database.connect(db))
    print(f"\n[url] import page: {len(files)} hostile uploads, each answered with a message, e.g. "
          + "; ".join(f"«{m}»" for m in messages[:3]) + f"; out-of-range widget values reset by the widget: {out_of_range} of 7")
    assert after == before and out_of_range == 7


def state_ok(value: object) -> bool:
    return isinstance(value, dt.date) and dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31)
