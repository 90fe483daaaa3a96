"""Accounts, sign-in sessions, the audit trail and import-batch owners: every statement on the
tables at the end of data/schema.sql, in plain SQL that PostgreSQL accepts too.

- Accounts: argon2id hashes (cgw.domain.access), a temporary password must be changed at first
  sign-in, 5 failed sign-ins lock the account for 15 minutes.
- Sessions: a random token per signed-in browser; only its SHA-256 is stored. A session unused
  for the idle timeout is over.
- The audit trail: append-only. There is no update path and no delete path except retention
  (`purge_audit`), which records what it removed. Every entry holds the SHA-256 of its content and
  of the previous entry's hash, so `verify_audit` finds any entry changed, removed or inserted
  behind the program's back (DuckDB has no triggers or privileges to forbid it outright).

Every function takes the live database's connection and runs its own short transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass

import duckdb
import pandas as pd

from cgw.domain import access
from cgw.storage import database


class AccountError(ValueError):
    """A refused account operation, phrased for the user in one line (Chinese)."""


_COLUMNS = ("name", "role", "region_id", "must_change", "active", "failed_logins", "locked_until", "created_at",
            "created_by", "last_login")


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    region_id: str | None  # None: the whole database
    must_change: bool
    active: bool
    failed_logins: int
    locked_until: dt.datetime | None
    created_at: dt.datetime
    created_by: str | None
    last_login: dt.datetime | None

    def can(self, permission: str) -> bool:
        return self.active and access.can(self.role, permission)

    def locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _rows(con: duckdb.DuckDBPyConnection, where: str = "", params: list | None = None) -> list[Account]:
    sql = f"SELECT {', '.join(_COLUMNS)} FROM user_accounts {where} ORDER BY name"
    return [Account(r[0], r[1], r[2], bool(r[3]), bool(r[4]), int(r[5]), r[6], r[7], r[8], r[9])
            for r in database.query_rows(con, sql, params)]


def has_accounts(con: duckdb.DuckDBPyConnection) -> bool:
    return database.query_rows(con, "SELECT count(*) FROM user_accounts")[0][0] > 0


def get(con: duckdb.DuckDBPyConnection, name: str) -> Account | None:
    found = _rows(con, "WHERE name = ?", [name])
    return found[0] if found else None


def list_accounts(con: duckdb.DuckDBPyConnection) -> list[Account]:
    return _rows(con)


def _check_region(con: duckdb.DuckDBPyConnection, region_id: str | None) -> None:
    if region_id is None:
        return
    level = database.query_rows(con, "SELECT level FROM regions WHERE region_id = ?", [region_id])
    if not level:
        raise AccountError(f"区划 {region_id} 不在数据库中：请填写区县、街道或社区的区划代码")
    if str(level[0][0]) not in ("district", "street", "community", "city", "province"):
        raise AccountError(f"区划 {region_id} 的层级无法作为账号的管辖范围")


def resolve_region(con: duckdb.DuckDBPyConnection, text: str | None) -> str | None:
    """A region code from a code or a unique name ('' or None: the whole database)."""
    text = (text or "").strip()
    if not text or text in ("全部", "all"):
        return None
    rows = database.query_rows(con, "SELECT region_id FROM regions WHERE region_id = ? OR name = ?", [text, text])
    if len(rows) != 1:
        raise AccountError(f"找不到唯一的区划 {text!r}：请使用区划代码（如 370705001）")
    return rows[0][0]


def create(con: duckdb.DuckDBPyConnection, name: str, role: str, region_id: str | None, password: str, *,
           temporary: bool = False, created_by: str | None = None, first_admin: bool = False,
           now: dt.datetime | None = None) -> Account:
    """A new account. `first_admin`: only while no account exists (the first-start form), so two
    browsers racing through it cannot both create one."""
    name = (name or "").strip()
    problem = access.check_name(name) or access.check_password(password, name)
    if problem:
        raise AccountError(problem)
    if role not in access.ROLES:
        raise AccountError(f"角色 {role!r} 无效")
    _check_region(con, region_id)
    hashed = access.hash_password(password)  # slow on purpose: outside the transaction
    with database.transaction(con) as cur:
        if first_admin and cur.execute("SELECT count(*) FROM user_accounts").fetchall()[0][0]:
            raise AccountError("已经有管理员账号了：请直接登录")
        if cur.execute("SELECT count(*) FROM user_accounts WHERE lower(name) = lower(?)", [name]).fetchall()[0][0]:
            raise AccountError(f"账号 {name} 已存在")
        cur.execute(
            "INSERT INTO user_accounts (name, role, region_id, password_hash, must_change, active, failed_logins, "
            "created_at, created_by) VALUES (?, ?, ?, ?, ?, TRUE, 0, ?, ?)",
            [name, role, region_id, hashed, bool(temporary), now or _now(), created_by],
        )
    return get(con, name)


_UNSET = object()


def change(con: duckdb.DuckDBPyConnection, name: str, *, role=_UNSET, region_id=_UNSET, active=_UNSET) -> Account:
    """Change an account's role, region or whether it is active (the caller audits it). Refuses
    to leave the database without an active administrator."""
    account = get(con, name)
    if account is None:
        raise AccountError(f"账号 {name} 不存在")
    sets, params = [], []
    if role is not _UNSET:
        if role not in access.ROLES:
            raise AccountError(f"角色 {role!r} 无效")
        sets.append("role = ?")
        params.append(role)
    if region_id is not _UNSET:
        _check_region(con, region_id)
        sets.append("region_id = ?")
        params.append(region_id)
    if active is not _UNSET:
        sets.append("active = ?")
        params.append(bool(active))
        if active:  # re-enabled: a clean slate
            sets += ["failed_logins = 0", "locked_until = NULL"]
    if not sets:
        return account
    with database.transaction(con) as cur:
        cur.execute(f"UPDATE user_accounts SET {', '.join(sets)} WHERE name = ?", [*params, name])
        admins = cur.execute("SELECT count(*) FROM user_accounts WHERE role = 'admin' AND active").fetchall()[0][0]
        if not admins:
            raise AccountError("至少要保留一个启用的管理员账号")
        if active is not _UNSET and not active:
            cur.execute("DELETE FROM user_sessions WHERE user_name = ?", [name])
    return get(con, name)


def set_password(con: duckdb.DuckDBPyConnection, name: str, password: str, *, temporary: bool) -> Account:
    """A new password; `temporary` makes the user choose their own at next sign-in. Every session
    of the account ends except when the user changes their own (the caller starts a new one)."""
    problem = access.check_password(password, name)
    if problem:
        raise AccountError(problem)
    if get(con, name) is None:
        raise AccountError(f"账号 {name} 不存在")
    hashed = access.hash_password(password)
    with database.transaction(con) as cur:
        cur.execute("UPDATE user_accounts SET password_hash = ?, must_change = ?, failed_logins = 0, "
                    "locked_until = NULL WHERE name = ?", [hashed, bool(temporary), name])
        cur.execute("DELETE FROM user_sessions WHERE user_name = ?", [name])
    return get(con, name)


def password_matches(con: duckdb.DuckDBPyConnection, name: str, password: str) -> bool:
    rows = database.query_rows(con, "SELECT password_hash FROM user_accounts WHERE name = ?", [name])
    return bool(rows) and access.verify_password(rows[0][0], password or "")


@dataclass(frozen=True)
class SignIn:
    account: Account | None  # set when the password was right and the account may sign in
    reason: str | None  # None on success; else "unknown", "wrong", "locked", "disabled"
    locked_until: dt.datetime | None = None
    attempts_left: int | None = None


def authenticate(con: duckdb.DuckDBPyConnection, name: str, password: str, now: dt.datetime | None = None) -> SignIn:
    """Check a name and password, counting failures: the MAX_FAILED_LOGINS-th consecutive failure
    locks the account for LOCK_MINUTES; a locked account is refused without looking at the
    password. The caller records the attempt in the audit trail."""
    now = now or _now()
    name = (name or "").strip()
    rows = database.query_rows(con, "SELECT password_hash FROM user_accounts WHERE name = ?", [name])
    account = get(con, name)
    if account is None:
        access.verify_password(None, password or "")  # the same work as for a real account
        return SignIn(None, "unknown")
    if account.locked(now):
        return SignIn(None, "locked", account.locked_until)
    if not access.verify_password(rows[0][0], password or ""):
        failures = account.failed_logins + 1
        locked_until = now + dt.timedelta(minutes=access.LOCK_MINUTES) if failures >= access.MAX_FAILED_LOGINS else None
        with database.transaction(con) as cur:
            cur.execute("UPDATE user_accounts SET failed_logins = ?, locked_until = ? WHERE name = ?",
                        [0 if locked_until else failures, locked_until, name])
        if locked_until:
            return SignIn(None, "locked", locked_until, 0)
        return SignIn(None, "wrong", None, access.MAX_FAILED_LOGINS - failures)
    if not account.active:
        return SignIn(None, "disabled")
    with database.transaction(con) as cur:
        cur.execute("UPDATE user_accounts SET failed_logins = 0, locked_until = NULL, last_login = ? WHERE name = ?",
                    [now, name])
        if access.needs_rehash(rows[0][0]):
            cur.execute("UPDATE user_accounts SET password_hash = ? WHERE name = ?",
                        [access.hash_password(password), name])
    return SignIn(get(con, name), None)


# --- sessions -----------------------------------------------------------------------------------

_TOUCH_SECONDS = 30  # last_seen is written at most this often (each rerun reads it)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(con: duckdb.DuckDBPyConnection, name: str, client: str | None = None,
                  now: dt.datetime | None = None) -> str:
    """A new session for `name`; returns its token (kept by the browser, never stored here)."""
    token = secrets.token_urlsafe(32)
    now = now or _now()
    with database.transaction(con) as cur:
        cur.execute("INSERT INTO user_sessions (token_hash, user_name, created_at, last_seen, client) "
                    "VALUES (?, ?, ?, ?, ?)", [_token_hash(token), name, now, now, client])
    return token


@dataclass(frozen=True)
class SessionCheck:
    account: Account | None  # the signed-in account, when the session is valid
    reason: str | None  # None when valid; else "unknown", "expired", "disabled"
    user_name: str | None = None  # whose session it was (for the audit entry of a timeout)
    last_seen: dt.datetime | None = None


def check_session(con: duckdb.DuckDBPyConnection, token: str | None, idle_minutes: float,
                  now: dt.datetime | None = None) -> SessionCheck:
    """Whether `token` is a live session: known, used within `idle_minutes`, and its account still
    active. A valid session is marked as used now; an expired one is ended."""
    if not token or not isinstance(token, str) or len(token) > 200:
        return SessionCheck(None, "unknown")
    now = now or dt.datetime.now()
    key = _token_hash(token)
    rows = database.query_rows(con, "SELECT user_name, last_seen FROM user_sessions WHERE token_hash = ?", [key])
    if not rows:
        return SessionCheck(None, "unknown")
    name, last_seen = rows[0]
    if now - last_seen > dt.timedelta(minutes=idle_minutes):
        end_session(con, token)
        return SessionCheck(None, "expired", name, last_seen)
    account = get(con, name)
    if account is None or not account.active:
        end_session(con, token)
        return SessionCheck(None, "disabled", name, last_seen)
    if (now - last_seen).total_seconds() >= _TOUCH_SECONDS:
        try:
            with database.transaction(con) as cur:
                cur.execute("UPDATE user_sessions SET last_seen = ? WHERE token_hash = ?", [now, key])
        except duckdb.TransactionException:
            pass  # another rerun of the same session touched it at the same moment
    return SessionCheck(account, None, name, last_seen)


def end_session(con: duckdb.DuckDBPyConnection, token: str | None) -> None:
    if not token:
        return
    with database.transaction(con) as cur:
        cur.execute("DELETE FROM user_sessions WHERE token_hash = ?", [_token_hash(token)])


def age_session(con: duckdb.DuckDBPyConnection, token: str, minutes: float) -> None:
    """Make a session look unused for `minutes` (tests of the idle timeout and the benchmark)."""
    with database.transaction(con) as cur:
        cur.execute("UPDATE user_sessions SET last_seen = ? WHERE token_hash = ?",
                    [dt.datetime.now() - dt.timedelta(minutes=minutes), _token_hash(token)])


# --- the audit trail -----------------------------------------------------------------------------

GENESIS = "0" * 64
_AUDIT_FIELDS = ("seq", "logged_at", "actor", "role", "action", "target", "region_id", "outcome", "client", "detail",
                 "prev_hash")
_audit_lock = threading.Lock()  # one writer at a time in this process: seq and the chain stay linear


def _entry_hash(values: dict) -> str:
    content = [values[k].isoformat(sep=" ") if k == "logged_at" else values[k] for k in _AUDIT_FIELDS]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _clip(value: object, limit: int = 500) -> str | None:
    return None if value is None else str(value)[:limit]


def append_audit(con: duckdb.DuckDBPyConnection, *, actor: str, action: str, outcome: str = access.SUCCESS,
                 role: str | None = None, target: object = None, region_id: str | None = None,
                 client: str | None = None, detail: object = None, at: dt.datetime | None = None) -> int:
    """Append one entry; returns its sequence number."""
    if outcome not in access.OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    values = {"logged_at": (at or dt.datetime.now()).replace(microsecond=0), "actor": _clip(actor, 64) or "?",
              "role": role, "action": action, "target": _clip(target), "region_id": region_id,
              "outcome": outcome, "client": _clip(client, 64), "detail": _clip(detail, 2000)}
    with _audit_lock, database.transaction(con) as cur:
        last = cur.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()
        values["seq"] = last[0][0] + 1 if last else 1
        values["prev_hash"] = last[0][1] if last else GENESIS
        cur.execute(
            f"INSERT INTO audit_log ({', '.join(_AUDIT_FIELDS)}, hash) VALUES ({', '.join('?' * (len(_AUDIT_FIELDS) + 1))})",
            [values[k] for k in _AUDIT_FIELDS] + [_entry_hash(values)],
        )
    return values["seq"]


def audit_count(con: duckdb.DuckDBPyConnection) -> int:
    return database.query_rows(con, "SELECT count(*) FROM audit_log")[0][0]


def audit_frame(con: duckdb.DuckDBPyConnection, *, since: dt.date | None = None, until: dt.date | None = None,
                actor: str | None = None, actions: list[str] | None = None, outcome: str | None = None,
                region_scope: str | None = None, after_seq: int | None = None, limit: int | None = None) -> pd.DataFrame:
    """Entries, newest first, filtered. `region_scope`: only entries about that subtree (an
    auditor bound to a street reads her street's entries)."""
    where, params = ["TRUE"], []
    if since:
        where.append("logged_at >= ?")
        params.append(dt.datetime.combine(since, dt.time()))
    if until:
        where.append("logged_at < ?")
        params.append(dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
    if actor:
        where.append("actor = ?")
        params.append(actor)
    if actions:
        where.append(f"action IN ({', '.join('?' * len(actions))})")
        params += list(actions)
    if outcome:
        where.append("outcome = ?")
        params.append(outcome)
    if region_scope:
        where.append("substr(region_id, 1, ?) = ?")  # starts with, in standard SQL
        params += [len(region_scope), region_scope]
    if after_seq is not None:
        where.append("seq > ?")
        params.append(after_seq)
    sql = (f"SELECT seq, logged_at, actor, role, action, target, region_id, outcome, client, detail FROM audit_log "
           f"WHERE {' AND '.join(where)} ORDER BY seq DESC")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return database.query_df(con, sql, params)


def audit_actors(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in database.query_rows(con, "SELECT DISTINCT actor FROM audit_log ORDER BY actor")]


@dataclass(frozen=True)
class AuditCheck:
    entries: int
    ok: bool
    first_bad: int | None = None  # the sequence number where the chain breaks
    problem: str | None = None


def verify_audit(con: duckdb.DuckDBPyConnection) -> AuditCheck:
    """Recompute the hash chain. The first entry links to the start of the chain, or to what the
    retention entry that removed its predecessors says it linked to."""
    cur = con.cursor()
    try:
        result = cur.execute(f"SELECT {', '.join(_AUDIT_FIELDS)}, hash FROM audit_log ORDER BY seq")
        anchors: set[tuple[str, str]] = set()  # (last removed seq, detail) of each retention entry
        first = previous = None
        count = 0
        while batch := result.fetchmany(5000):
            for row in batch:
                values = dict(zip((*_AUDIT_FIELDS, "hash"), row))
                count += 1
                if values["action"] == "audit_purge" and values["target"]:
                    anchors.add((values["target"], str(values["detail"] or "")))
                if previous is None:
                    first = values
                elif values["seq"] != previous["seq"] + 1 or values["prev_hash"] != previous["hash"]:
                    return AuditCheck(count, False, values["seq"], "与前一条记录的链接不符（其间有记录被删除或插入）")
                if _entry_hash(values) != values["hash"]:
                    return AuditCheck(count, False, values["seq"], "记录内容与其校验值不符（记录被修改）")
                previous = values
        if first is not None and not (first["seq"] == 1 and first["prev_hash"] == GENESIS):
            if not any(t == str(first["seq"] - 1) and first["prev_hash"] in d for t, d in anchors):
                return AuditCheck(count, False, first["seq"], "最早的记录之前有记录被删除，且没有对应的保留期清理记录")
        return AuditCheck(count, True)
    finally:
        cur.close()


def purge_audit(con: duckdb.DuckDBPyConnection, days: int, now: dt.datetime | None = None) -> int:
    """Remove entries older than `days` (never fewer than access.RETENTION_DAYS), then record what
    was removed and the link the chain continues from. Returns how many were removed."""
    days = max(int(days), access.RETENTION_DAYS)
    now = now or dt.datetime.now()
    cutoff = now - dt.timedelta(days=days)
    with _audit_lock:
        rows = database.query_rows(con, "SELECT max(seq), count(*) FROM audit_log WHERE logged_at < ?", [cutoff])
        last_removed, n = rows[0]
        if not n:
            return 0
        nxt = database.query_rows(con, "SELECT prev_hash FROM audit_log WHERE seq = ?", [last_removed + 1])
        with database.transaction(con) as cur:
            cur.execute("DELETE FROM audit_log WHERE seq <= ?", [last_removed])
    append_audit(con, actor="system", action="audit_purge", target=str(last_removed),
                 detail=f"保留期 {days} 天：删除 {cutoff:%Y-%m-%d %H:%M} 之前的 {n} 条记录；链接 "
                        f"{nxt[0][0] if nxt else '-'}", at=now)
    return int(n)


# --- import batch owners -------------------------------------------------------------------------


def record_batch_owner(con: duckdb.DuckDBPyConnection, batch_id: int, user_name: str, region_id: str | None) -> None:
    with database.transaction(con) as cur:
        cur.execute("INSERT INTO import_batch_owners (batch_id, user_name, region_id) VALUES (?, ?, ?)",
                    [int(batch_id), user_name, region_id])


def batch_owners(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[str, str | None]]:
    """batch id -> (who imported it, the region it was imported within; None: everything)."""
    return {int(r[0]): (r[1], r[2]) for r in
            database.query_rows(con, "SELECT batch_id, user_name, region_id FROM import_batch_owners")}
