"""Accounts, the lockout, sessions and the idle timeout, the audit trail's hash chain (tampering of
every kind is found, at the right entry), retention, batch owners and the schema migration."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from cgw.domain import access
from cgw.storage import accounts, database, schema
from tests.support import fixture_db

T0 = dt.datetime(2026, 3, 2, 9, 0, 0)


@pytest.fixture
def con(new_database):
    """The fixture database with no accounts yet: a DuckDB file, then a PostgreSQL store (server mode)."""
    return database.connect(fixture_db.build(new_database("accounts")))


def test_accounts_are_created_checked_and_listed(con):
    admin = accounts.create(con, "admin", access.ADMIN, None, "admin-pass-1", first_admin=True, now=T0)
    assert (admin.name, admin.role, admin.region_id, admin.must_change, admin.active) == ("admin", "admin", None, False, True)
    with pytest.raises(accounts.AccountError, match="已经有管理员"):
        accounts.create(con, "second", access.ADMIN, None, "admin-pass-2", first_admin=True)
    accounts.create(con, "east", access.VIEWER, fixture_db.S1, "east-pass-1", temporary=True, created_by="admin")
    for name, region, password, message in [
        ("EAST", None, "east-pass-1", "已存在"),  # names are unique whatever their case
        ("west", "370799009", "west-pass-1", "不在数据库中"),
        ("west", None, "short", "至少需要 8 个字符"),
        ("west", None, "WEST", "至少需要"),
        ("westwest", None, "WESTWEST", "不能与用户名相同"),
    ]:
        with pytest.raises(accounts.AccountError, match=message):
            accounts.create(con, name, access.VIEWER, region, password)
    assert [(a.name, a.role, a.region_id, a.must_change, a.created_by) for a in accounts.list_accounts(con)] == [
        ("admin", "admin", None, False, None), ("east", "viewer", fixture_db.S1, True, "admin")]
    stored = database.query_rows(con, "SELECT password_hash FROM user_accounts WHERE name = 'east'")[0][0]
    assert stored.startswith("$argon2id$") and "east-pass-1" not in stored


def test_five_failures_lock_for_fifteen_minutes(con):
    accounts.create(con, "east", access.VIEWER, fixture_db.S1, "east-pass-1")
    lefts = [accounts.authenticate(con, "east", "wrong", now=T0).attempts_left for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    fifth = accounts.authenticate(con, "east", "wrong", now=T0)
    assert (fifth.reason, fifth.locked_until) == ("locked", T0 + dt.timedelta(minutes=15))
    # Locked: even the right password is refused, until the 15 minutes are over.
    assert accounts.authenticate(con, "east", "east-pass-1", now=T0 + dt.timedelta(minutes=14, seconds=59)).reason == "locked"
    ok = accounts.authenticate(con, "east", "east-pass-1", now=T0 + dt.timedelta(minutes=15, seconds=1))
    assert ok.reason is None and ok.account.failed_logins == 0 and ok.account.locked_until is None
    # A success resets the count: four more failures do not lock.
    for _ in range(4):
        accounts.authenticate(con, "east", "wrong", now=T0 + dt.timedelta(minutes=20))
    assert accounts.get(con, "east").locked_until is None


def test_unknown_and_disabled_accounts_cannot_sign_in(con):
    accounts.create(con, "admin", access.ADMIN, None, "admin-pass-1")
    accounts.create(con, "east", access.VIEWER, fixture_db.S1, "east-pass-1")
    assert accounts.authenticate(con, "nobody", "east-pass-1").reason == "unknown"
    accounts.change(con, "east", active=False)
    assert accounts.authenticate(con, "east", "east-pass-1").reason == "disabled"
    with pytest.raises(accounts.AccountError, match="至少要保留一个启用的管理员"):
        accounts.change(con, "admin", role=access.VIEWER)
    assert accounts.get(con, "admin").role == "admin"  # the refused change was rolled back


def test_sessions_end_after_the_idle_timeout_and_when_disabled(con):
    accounts.create(con, "admin", access.ADMIN, None, "admin-pass-1")
    accounts.create(con, "east", access.VIEWER, fixture_db.S1, "east-pass-1")
    token = accounts.start_session(con, "east", "10.0.0.7", now=T0)
    assert database.query_rows(con, "SELECT count(*) FROM user_sessions WHERE token_hash = ?", [token]) == [(0,)]
    assert accounts.check_session(con, token, 30, now=T0 + dt.timedelta(minutes=29)).account.name == "east"
    # Used at minute 29: idle for 30 more minutes counts from there.
    assert accounts.check_session(con, token, 30, now=T0 + dt.timedelta(minutes=58)).account is not None
    expired = accounts.check_session(con, token, 30, now=T0 + dt.timedelta(minutes=88, seconds=1))
    assert (expired.account, expired.reason, expired.user_name) == (None, "expired", "east")
    assert accounts.check_session(con, token, 30, now=T0 + dt.timedelta(minutes=89)).reason == "unknown"
    second = accounts.start_session(con, "east", now=T0)
    accounts.change(con, "east", active=False)
    assert accounts.check_session(con, second, 30, now=T0).reason == "unknown"  # disabling ended it
    third = accounts.start_session(con, "admin", now=T0)
    accounts.set_password(con, "admin", "admin-pass-2", temporary=False)
    assert accounts.check_session(con, third, 30, now=T0).reason == "unknown"  # a new password ends sessions
    assert accounts.check_session(con, "forged", 30).reason == "unknown"


def _log(con, n: int, start: dt.datetime = T0) -> None:
    for i in range(n):
        accounts.append_audit(con, actor="east", role="viewer", action="export", target=f"file{i}.csv",
                              region_id=fixture_db.S1, client="10.0.0.7", at=start + dt.timedelta(minutes=i))


def test_the_audit_trail_is_a_verified_chain(con):
    _log(con, 6)
    check = accounts.verify_audit(con)
    assert (check.entries, check.ok) == (6, True)
    df = accounts.audit_frame(con, actions=["export"], region_scope="370799001")
    assert list(df["seq"]) == [6, 5, 4, 3, 2, 1] and set(df["client"]) == {"10.0.0.7"}
    assert accounts.audit_frame(con, region_scope="370799002").empty
    assert list(accounts.audit_frame(con, since=T0.date(), until=T0.date(), limit=2)["seq"]) == [6, 5]


@pytest.mark.parametrize("tamper, first_bad, problem", [
    ("UPDATE audit_log SET actor = 'admin' WHERE seq = 3", 3, "被修改"),
    ("UPDATE audit_log SET outcome = 'failure' WHERE seq = 5", 5, "被修改"),
    ("UPDATE audit_log SET logged_at = logged_at + INTERVAL 1 DAY WHERE seq = 2", 2, "被修改"),
    ("DELETE FROM audit_log WHERE seq = 4", 5, "链接不符"),
    ("DELETE FROM audit_log WHERE seq <= 2", 3, "没有对应的保留期清理记录"),
    ("INSERT INTO audit_log SELECT 7, logged_at, actor, role, action, target, region_id, outcome, client, detail, "
     "hash, 'forged' FROM audit_log WHERE seq = 6", 7, "被修改"),
])  # fmt: skip
def test_any_tampering_is_found_at_its_entry(con, tamper, first_bad, problem):
    _log(con, 6)
    con.cursor().execute(tamper)  # what someone with the database file could do behind the program's back
    check = accounts.verify_audit(con)
    assert (check.ok, check.first_bad) == (False, first_bad) and problem in check.problem


def test_retention_removes_only_expired_entries_and_records_it(con):
    old = dt.datetime.now() - dt.timedelta(days=200)
    _log(con, 3, start=old)
    _log(con, 2, start=dt.datetime.now() - dt.timedelta(days=10))
    assert accounts.purge_audit(con, days=30) == 3  # asked for 30 days: 180 is the floor, those 3 are older
    df = accounts.audit_frame(con)
    assert list(df["seq"]) == [6, 5, 4]
    purge = df.iloc[0]
    assert (purge["action"], purge["actor"], purge["target"]) == ("audit_purge", "system", "3")
    assert accounts.verify_audit(con).ok
    assert accounts.purge_audit(con, days=180) == 0


def test_batch_owners(con):
    accounts.record_batch_owner(con, 7, "east", fixture_db.S1)
    accounts.record_batch_owner(con, 8, "admin", None)
    assert accounts.batch_owners(con) == {7: ("east", fixture_db.S1), 8: ("admin", None)}


def test_a_version_3_database_gains_the_account_tables(tmp_path):
    path = tmp_path / "v3.duckdb"
    con = database.open_database(path)
    cur = con.cursor()
    for table in ("user_accounts", "user_sessions", "audit_log", "import_batch_owners"):
        cur.execute(f"DROP TABLE {table}")
    cur.execute("UPDATE dataset_info SET value = '3' WHERE key = 'schema_version'")
    con.close()
    fresh = database.open_database(tmp_path / "fresh.duckdb")
    migrated = database.open_database(path)
    try:
        assert schema.schema_version(migrated) == schema.SCHEMA_VERSION
        sql = "SELECT table_name, sql FROM duckdb_tables() ORDER BY 1"
        assert database.query_rows(migrated, sql) == database.query_rows(fresh, sql)
        accounts.create(migrated, "admin", access.ADMIN, None, "admin-pass-1")
        with pytest.raises(duckdb.ConstraintException):  # the chain's hashes are unique
            migrated.cursor().execute("INSERT INTO audit_log VALUES (1, now(), 'a', NULL, 'login', NULL, NULL, "
                                      "'success', NULL, NULL, 'x', 'h'), (2, now(), 'a', NULL, 'login', NULL, NULL, "
                                      "'success', NULL, NULL, 'x', 'h')")
    finally:
        migrated.close()
        fresh.close()
