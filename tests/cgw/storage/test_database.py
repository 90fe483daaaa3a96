"""cgw.storage.database: connection, schema creation, constraints, versioning and the single-writer lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from cgw.storage import database, schema
from tests.support import ROOT


@pytest.fixture
def db(tmp_path):
    con = database.open_database(tmp_path / "t.duckdb")
    cur = con.cursor()
    cur.execute("INSERT INTO regions (region_id, name, level, parent_id) VALUES ('370705', '奎文区', 'district', NULL)")
    cur.execute("INSERT INTO regions (region_id, name, level, parent_id) VALUES ('370705001', '大虞街道', 'street', '370705')")
    cur.execute("INSERT INTO regions (region_id, name, level, parent_id) VALUES ('370705001001', '幸福社区', 'community', '370705001')")
    yield con
    con.close()


WORKER = dict(
    worker_id="W1", name="张三", gender="女", id_number="370705199001011224", birth_date="1990-01-01",
    ethnicity="汉族", political_status="中共党员", education="本科", community_id="370705001001",
    role_category="一般社区工作者", post_title="社区专职工作者", post_level=5, source="公开招聘",
    hire_date="2015-07-01", post_since="2015-07-01", status="在岗", exit_date=None, exit_reason=None,
    phone="13800000000",
)  # fmt: skip


def insert_worker(con, **changes):
    row = {**WORKER, **changes}
    cols = ", ".join(row)
    con.cursor().execute(f"INSERT INTO workers ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def test_new_database_has_every_table_and_the_schema_version(db):
    assert schema.schema_version(db) == schema.SCHEMA_VERSION
    assert set(database.table_counts(db)) == set(database.DATA_TABLES)
    subsidy = dict(database.query_rows(db, "SELECT grade::VARCHAR, monthly_yuan FROM secretary_grade_subsidy"))
    assert subsidy == {"一等": 800, "二等": 500, "三等": 300}


def test_a_valid_worker_is_accepted(db):
    insert_worker(db)
    assert database.query_rows(db, "SELECT count(*) FROM workers") == [(1,)]


@pytest.mark.parametrize(
    "changes",
    [
        {"post_level": 19},  # 三岗十八级: 1–18
        {"post_level": 0},
        {"gender": "未知"},  # not in the ENUM
        {"education": "大学"},
        # (no foreign key on community_id since schema version 3: see tests/test_schema_v3.py)
        {"hire_date": "1989-12-31"},  # hired before birth
        {"post_since": "2015-06-30"},  # post before hire
        {"status": "退出", "exit_date": "2015-01-01", "exit_reason": "个人辞职"},  # exit before post
        {"status": "退出"},  # status without exit date
        {"exit_date": "2020-01-01", "exit_reason": "个人辞职"},  # exit date while 在岗
        {"id_number": "37070519900101122"},  # 17 characters
        {"phone": "1234"},
    ],
)
def test_worker_constraints_reject_bad_rows(db, changes):
    # ENUM violations surface as conversion errors, the rest as constraint errors.
    with pytest.raises((duckdb.ConstraintException, duckdb.ConversionException)):
        insert_worker(db, **changes)
    assert database.query_rows(db, "SELECT count(*) FROM workers") == [(0,)]


@pytest.mark.parametrize(
    "sql",
    [
        # A child's code must extend its parent's.
        "INSERT INTO regions (region_id, name, level, parent_id) VALUES ('370706001', '别区街道', 'street', '370705')",
        # A code's length must match its level.
        "INSERT INTO regions (region_id, name, level, parent_id) VALUES ('37070500', '坏街道', 'street', '370705')",
        "INSERT INTO assessments VALUES ('W1', 2025, '社区正职', 101, 90, 90, '优秀')",
        "INSERT INTO partner_evaluations VALUES ('P1', 2025, 5, 90, 90, 90, 0.4, 0.35, 0.25, 90, NULL)",
        "INSERT INTO wishes (wish_id, community_id, wish_group, raised_on, claimed_on, fulfilled_on, partner_id, status) VALUES (1, '370705001001', '一老', DATE '2025-03-01', DATE '2025-02-01', NULL, NULL, '已认领')",
        "INSERT INTO wishes (wish_id, community_id, wish_group, raised_on, claimed_on, fulfilled_on, partner_id, status) VALUES (1, '370705001001', '一老', DATE '2025-03-01', NULL, DATE '2025-03-05', NULL, '已完成')",
        "INSERT INTO wishes (wish_id, community_id, wish_group, raised_on, claimed_on, fulfilled_on, partner_id, status) VALUES (1, '370705001001', '一老', DATE '2025-03-01', NULL, NULL, NULL, '已完成')",
        "INSERT INTO livelihood_issues (issue_id, community_id, category, source, raised_on, resolved_on, status, partner_id) VALUES (1, '370705001001', '其他', '联席会议', DATE '2025-03-01', DATE '2025-02-01', '已解决', NULL)",
        "INSERT INTO livelihood_issues (issue_id, community_id, category, source, raised_on, resolved_on, status, partner_id) VALUES (1, '370705001001', '其他', '联席会议', DATE '2025-03-01', NULL, '已解决', NULL)",
        "INSERT INTO region_population VALUES ('370705001001', 2025, -5, 10)",
        "INSERT INTO points_ledger VALUES (1, 'A1', '370705001001', DATE '2025-01-01', 0, '志愿服务')",
    ],
)
def test_domain_constraints_reject_bad_rows(db, sql):
    insert_worker(db)
    before = database.table_counts(db)
    with pytest.raises(duckdb.ConstraintException):
        db.cursor().execute(sql)
    assert database.table_counts(db) == before


def test_opening_a_newer_schema_says_what_to_do(tmp_path):
    path = tmp_path / "future.duckdb"
    con = database.open_database(path)
    con.cursor().execute("UPDATE dataset_info SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(database.DatabaseError, match="请升级程序"):
        database.open_database(path)


def test_an_older_schema_is_migrated_in_place(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    database.open_database(path).close()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(
        schema.MIGRATIONS, schema.SCHEMA_VERSION,
        lambda cur: cur.execute("ALTER TABLE partners ADD COLUMN contact VARCHAR"),
    )  # fmt: skip
    con = database.open_database(path)
    assert schema.schema_version(con) == schema.SCHEMA_VERSION
    assert "contact" in database.query_df(con, "SELECT * FROM partners LIMIT 0").columns
    con.close()


def test_an_older_schema_without_a_migration_is_refused_clearly(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    database.open_database(path).close()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    with pytest.raises(database.DatabaseError, match="无法把数据库从结构版本"):
        database.open_database(path)


def test_a_foreign_duckdb_file_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE x (a INT)")
    con.close()
    with pytest.raises(database.DatabaseError, match="不是本看板的数据库"):
        database.open_database(path)


def test_a_locked_database_gives_one_line_and_a_nonzero_exit(tmp_path):
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from cgw.storage import database
            con = database.open_database({str(path)!r})
            print("ready", flush=True)
            time.sleep(60)
        """)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = subprocess.run(
            [sys.executable, "cli.py", "kpis", "--db", str(path)], cwd=ROOT, capture_output=True, text=True
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "正被另一个进程" in lines[0] and "Traceback" not in result.stderr


def test_cursors_on_one_connection_work_from_many_threads(db):
    from concurrent.futures import ThreadPoolExecutor

    insert_worker(db)

    def read(_):
        return database.query_rows(db, "SELECT count(*) FROM workers")[0][0]

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(read, range(64))) == [1] * 64
