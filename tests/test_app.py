"""app.py under AppTest: first start creates the database, then asks for the first administrator;
after that one form the overview shows catalogue values."""

from __future__ import annotations

import metrics
from cgw.storage import accounts, database
from metrics import catalogue, formatting, placement
from tests.support import app_test


def test_first_start_creates_the_demo_database_and_shows_headline_kpis(tmp_path, fresh_streamlit):
    path = tmp_path / "fresh" / "dashboard.duckdb"
    at = app_test(path, user=None)
    at.run()
    assert not at.exception, at.exception
    assert path.exists()
    assert at.title[0].value == "创建管理员账号" and not at.metric  # nothing shown before the administrator
    at.text_input(key="cgw_setup_password").input("a-good-password")
    at.text_input(key="cgw_setup_again").input("a-good-password")
    at.button[0].click().run()
    assert not at.exception, at.exception
    con = database.connect(path)
    assert [(a.name, a.role, a.region_id) for a in accounts.list_accounts(con)] == [("admin", "admin", None)]
    values = metrics.evaluate(con, list(placement.headline()), metrics.Filters("370705", database.as_of_date(con)))
    shown = {m.label: m.value for m in at.metric}
    for m in map(catalogue.get, placement.headline()):
        assert shown[m.label_zh] == formatting.value(m, values[m.id]), m.id
    assert shown["每万常住人口社工数"] == "18.5人"
