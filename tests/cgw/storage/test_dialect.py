"""The SQLGlot compile of DuckDB SQL for PostgreSQL: each custom transform gives the same answer on a
real PostgreSQL server as the original gives on DuckDB (and DuckDB's SQL is left as it is)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from cgw.storage import database, dialect
from metrics import catalogue, engine, models, quality


@pytest.fixture(scope="module")
def pg(pg_server):
    url = pg_server.create_database("dialect")
    yield database.connect(url)
    database.close(url)


def both(pg, sql: str, params=None) -> tuple[list[tuple], list[tuple]]:
    """The rows of `sql` on DuckDB and, compiled, on PostgreSQL."""
    duck = duckdb.connect()
    try:
        a = duck.execute(sql, params or []).fetchall()
    finally:
        duck.close()
    return a, database.query_rows(pg, sql, params)


def test_duckdb_sql_is_left_as_it_is():
    sql = "SELECT * FROM t GROUP BY ALL"
    assert dialect.compile(sql, dialect.DUCKDB) == sql
    assert dialect.compile_many(sql, dialect.DUCKDB) == (sql,)


def test_group_by_all_groups_by_the_plain_select_items(pg):
    sql = ("SELECT k, k % 2 AS odd, count(*) AS n, sum(v) FILTER (WHERE v > 1) AS big "
           "FROM (VALUES (1, 1), (1, 2), (2, 3), (3, 4)) t(k, v) GROUP BY ALL ORDER BY k")
    assert "GROUP BY 1, 2" in dialect.compile(sql, dialect.POSTGRES)
    a, b = both(pg, sql)
    assert a == b == [(1, 1, 2, 2), (2, 0, 1, 3), (3, 1, 1, 4)]
    unnamed = "SELECT k::VARCHAR, count(*) FROM (VALUES (1), (1), (2)) t(k) GROUP BY ALL ORDER BY 1"
    a, b = both(pg, unnamed)  # an aggregate without an alias is still no grouping column
    assert a == b == [("1", 2), ("2", 1)]


def test_arg_max_takes_the_value_at_the_greatest_key(pg):
    sql = ("SELECT g, arg_max(v, d) AS latest FROM (VALUES ('a', 'x', DATE '2024-01-01'), ('a', 'y', DATE '2024-04-01'),"
           " ('b', 'z', DATE '2023-01-01'), ('b', NULL, DATE '2025-01-01')) t(g, v, d) GROUP BY ALL ORDER BY g")
    a, b = both(pg, sql)
    assert a == b == [("a", "y"), ("b", "z")]  # a NULL value is skipped, as DuckDB does


def test_date_parts_are_integers_and_make_date_takes_them(pg):
    sql = ("SELECT year($d), month($d), day($d), quarter($d), make_date(year($d) - 1, month($d), 1), "
           "last_day(make_date(year($d), quarter($d) * 3, 1)), datediff('day', DATE '2024-02-01', $d), "
           "strftime($d, '%Y-%m')")
    a, b = both(pg, sql, {"d": dt.date(2024, 2, 29)})
    assert a == b == [(2024, 2, 29, 1, dt.date(2023, 2, 1), dt.date(2024, 3, 31), 28, "2024-02")]


def test_interval_arithmetic_with_a_parameter(pg):
    sql = "SELECT $d - INTERVAL 1 YEAR > DATE '2023-02-27', CAST($d - INTERVAL 1 YEAR AS DATE)"
    a, b = both(pg, sql, {"d": dt.date(2024, 2, 29)})
    assert a == b == [(True, dt.date(2023, 2, 28))]


def test_try_cast_to_an_integer_is_null_for_anything_else(pg):
    sql = "SELECT TRY_CAST('12' AS INTEGER), TRY_CAST('1x' AS INTEGER), TRY_CAST(NULL AS INTEGER), TRY_CAST(' -7' AS BIGINT)"
    a, b = both(pg, sql)
    assert a == b == [(12, None, None, -7)]


def test_try_cast_to_a_type_without_a_transform_is_refused():
    with pytest.raises(dialect.UnsupportedSQL, match="TRY_CAST"):
        dialect.compile("SELECT TRY_CAST(x AS DATE) FROM t", dialect.POSTGRES)


def test_try_strptime_is_null_for_a_date_that_does_not_exist(pg):
    sql = ("SELECT try_strptime('20240229', '%Y%m%d')::DATE, try_strptime('20230229', '%Y%m%d')::DATE, "
           "try_strptime('2024022', '%Y%m%d')::DATE, try_strptime('20241301', '%Y%m%d')::DATE")
    a, b = both(pg, sql)
    assert a == b == [(dt.date(2024, 2, 29), None, dt.date(2024, 2, 2), None)]  # both read a short day alike


def test_regexp_full_match_matches_the_whole_text(pg):
    sql = "SELECT regexp_full_match('12345', '[0-9]{2,12}'), regexp_full_match('1234a', '[0-9]{2,12}'), " \
          "regexp_full_match('1', '[0-9]{2,12}')"
    a, b = both(pg, sql)
    assert a == b == [(True, False, False)]


def test_json_on_text_and_unnest_of_a_range(pg):
    sql = ("SELECT json_extract_string(j, '$.p') || lpad(CAST(n AS VARCHAR), 3, '0') AS k FROM (SELECT j, "
           "unnest(range(CAST(json_extract(j, '$.lo') AS BIGINT), CAST(json_extract(j, '$.hi') AS BIGINT) + 1)) AS n "
           "FROM (SELECT '{\"p\":\"W\",\"lo\":8,\"hi\":10}' AS j)) ORDER BY k")
    a, b = both(pg, sql)
    assert a == b == [("W008",), ("W009",), ("W010",)]


def test_percent_signs_and_parameters_survive(pg):
    sql = "SELECT 7 % 3, $p LIKE '10%', '%' || $p"
    a, b = both(pg, sql, {"p": "10%"})
    assert a == b == [(1, True, "%10%")]
    a, b = both(pg, "SELECT ? || '%', ? * 2", ["x", 21])
    assert a == b == [("x%", 42)]


def test_insert_or_replace_updates_by_the_primary_key(pg):
    cur = pg.cursor()
    try:
        cur.execute("INSERT OR REPLACE INTO dataset_info VALUES (?, ?)", ["dialect_test", "1"])
        cur.execute("INSERT OR REPLACE INTO dataset_info VALUES (?, ?)", ["dialect_test", "2"])
        assert cur.execute("SELECT value FROM dataset_info WHERE key = 'dialect_test'").fetchall() == [("2",)]
        cur.execute("DELETE FROM dataset_info WHERE key = 'dialect_test'")
    finally:
        cur.close()
    sql = dialect.compile("INSERT OR REPLACE INTO dataset_info VALUES (?, ?)", dialect.POSTGRES)
    assert sql == ("INSERT INTO dataset_info (key, value) VALUES (%s, %s) ON CONFLICT(key) DO UPDATE SET "
                   "value = EXCLUDED.value")


def test_text_columns_sort_by_codepoint_as_in_duckdb(pg):
    ddl = dialect.compile_many("CREATE TABLE dialect_t (k VARCHAR PRIMARY KEY, n INTEGER)", dialect.POSTGRES)
    assert ddl == ('CREATE TABLE dialect_t (k TEXT COLLATE "C" PRIMARY KEY, n INT)',)


def test_a_derived_table_gets_the_alias_postgresql_15_needs(pg):
    a, b = both(pg, "SELECT count(*) FROM (SELECT 1 UNION ALL SELECT 2)")
    assert a == b == [(2,)]


def test_every_model_and_quality_rule_compiles():
    """The whole catalogue's SQL (each model with all its optional columns, each rule) compiles."""
    for model in models.MODELS.values():
        assert dialect.compile(models.render(model), dialect.POSTGRES)
    for rule in quality.RULES:
        assert dialect.compile(rule.sql, dialect.POSTGRES)
    for m in catalogue.CATALOGUE:
        if m.type != "ratio":
            assert dialect.compile(engine._model_query(m.model, [m], "x_"), dialect.POSTGRES)
