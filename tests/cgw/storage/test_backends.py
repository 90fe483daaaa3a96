"""The PostgreSQL store behind the connection interface: URLs, result types as DuckDB gives them,
whole-dataset copies and all-or-nothing writes."""

from __future__ import annotations

import datetime as dt

import pytest

from cgw.storage import backends, database
from tests.support import fixture_db as fx


def test_urls_are_recognised_and_passwords_never_shown():
    assert backends.is_server_url("postgresql://u@h:5432/db") and backends.is_server_url("postgres://u@h/db")
    assert not backends.is_server_url("data/x.duckdb") and not backends.is_server_url(None)
    assert backends.redact("postgresql://cgw:s3cret@db:5432/cgw") == "postgresql://cgw:***@db:5432/cgw"
    assert database.as_target("postgresql://u@h/db") == "postgresql://u@h/db"
    assert database.location("postgresql://u@h/db") == "postgresql://u@h/db"


def test_an_unreachable_server_is_one_clear_line(pg_server):
    url = f"postgresql://postgres@127.0.0.1:{pg_server.port + 1}/nothing"
    with pytest.raises(database.DatabaseError, match="无法连接 PostgreSQL 数据库"):
        database.open_database(url)


def test_frames_have_the_types_duckdb_gives(metrics_fixture_db, metrics_fixture_pg):
    sql = ("SELECT worker_id, gender, birth_date, exit_date, post_level, hours FROM workers "
           "LEFT JOIN (SELECT worker_id, sum(hours) AS hours FROM trainings GROUP BY worker_id) t USING (worker_id) "
           "ORDER BY worker_id")
    a = database.query_df(database.connect(metrics_fixture_db), sql)
    b = database.query_df(database.connect(metrics_fixture_pg), sql)
    # The same kinds; widths may differ (PostgreSQL has no 1-byte integer: TINYINT is SMALLINT there).
    assert [d.kind for d in a.dtypes] == [d.kind for d in b.dtypes]
    assert [str(d) for d in a.dtypes if d.kind != "i"] == [str(d) for d in b.dtypes if d.kind != "i"]
    assert list(b["gender"].cat.categories) == ["男", "女"]  # the ENUM's order
    assert a.astype(str).equals(b.astype(str))


def test_a_dataset_copies_whole_and_the_data_version_moves(metrics_fixture_db, pg_server):
    url = pg_server.create_database("copied")
    store = database.connect(url)
    try:
        before = database.data_version(store)
        backends.replace_all(store, database.connect(metrics_fixture_db), database.DATA_TABLES)
        assert database.table_counts(store) == database.table_counts(database.connect(metrics_fixture_db))
        assert database.data_version(store) != before
        assert database.as_of_date(store) == fx.AS_OF
        # The foreign keys dropped for the load are back.
        with pytest.raises(Exception, match="foreign key"):
            with database.transaction(store) as cur:
                cur.execute("INSERT INTO certificates VALUES ('W99', '社会工作师', ?)", [dt.date(2020, 1, 1)])
    finally:
        database.close(url)


def test_a_failed_write_changes_nothing(metrics_fixture_pg):
    store = database.connect(metrics_fixture_pg)
    before = database.table_counts(store), database.data_version(store)
    rows = b"worker_id,level,obtained_on\nW01,\xe9\xab\x98\xe7\xba\xa7\xe7\xa4\xbe\xe4\xbc\x9a\xe5\xb7\xa5\xe4\xbd\x9c\xe5\xb8\x88,2020-01-01\nW99,\xe7\xa4\xbe\xe4\xbc\x9a\xe5\xb7\xa5\xe4\xbd\x9c\xe5\xb8\x88,2020-01-01\n"
    cur = store.cursor()
    try:
        with pytest.raises(Exception, match="foreign key"):  # W99 is no worker
            backends.write_changes(cur, "certificates", "t.worker_id", ["W02"], rows,
                                   after=lambda c: database.bump_data_version(c))
    finally:
        cur.close()
    assert (database.table_counts(store), database.data_version(store)) == before
