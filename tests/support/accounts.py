"""Signed-in sessions for tests: the standard accounts (every role at every scope level of the
kuiwen demo) and helpers that create an account and a session token in a database, for AppTest
(the token goes into session state) and for Chromium (the token goes into the session cookie)."""

from __future__ import annotations

from pathlib import Path

from cgw.domain import access
from cgw.storage import accounts, database

PASSWORD = "test-pass-2026"
ADMIN = "admin"  # the administrator of the whole database, signed in by default
DISTRICT, STREET, COMMUNITY = "370705", "370705006", "370705006003"  # 奎文区, 广文街道, 樱园社区
SCOPES = {"district": DISTRICT, "street": STREET, "community": COMMUNITY}
# name -> (role, region): "viewer_street" is a viewer bound to 广文街道, and so on.
STANDARD = {ADMIN: (access.ADMIN, None)} | {
    f"{role}_{level}": (role, region) for role in access.ROLES for level, region in SCOPES.items()}


def ensure(db_path: str | Path, name: str = ADMIN, role: str | None = None, region: str | None = None,
           password: str = PASSWORD) -> accounts.Account:
    """The account `name` (a standard one unless role is given), created when missing."""
    con = database.connect(db_path)
    found = accounts.get(con, name)
    if found is not None:
        return found
    if role is None:
        role, region = STANDARD[name]
    return accounts.create(con, name, role, region, password, created_by="tests")


def ensure_all(db_path: str | Path) -> None:
    for name in STANDARD:
        ensure(db_path, name)


def session_token(db_path: str | Path, name: str = ADMIN) -> str:
    """A fresh session of `name` (created when missing)."""
    ensure(db_path, name)
    return accounts.start_session(database.connect(db_path), name, "tests")


def sign_in(at, db_path: str | Path, name: str = ADMIN) -> str:
    """An AppTest signed in as `name`."""
    token = session_token(db_path, name)
    at.session_state["_cgw_token"] = token
    return token


def cookie(token: str, host: str = "127.0.0.1") -> dict:
    """The session cookie for a Playwright context (cookies ignore the port)."""
    return {"name": "cgw_session", "value": token, "domain": host, "path": "/", "sameSite": "Strict"}


def empty_audit_trail(con) -> None:
    """A new, empty audit trail on `con`: a shared database gathers entries from other tests (a new
    table, since DuckDB refused re-inserting sequence number 1 into an emptied one after a long session)."""
    from cgw.storage import schema

    cur = con.cursor()
    cur.execute("DROP TABLE audit_log")
    cur.execute(schema.create_statements()["audit_log"])
    cur.close()
