"""`cli.py demo` never regenerates over a database that holds accounts and an audit trail."""

from __future__ import annotations

import cli
from cgw.domain import access
from cgw.storage import accounts, database
from tests.support import fixture_db as fx


def test_demo_refuses_a_database_with_accounts(tmp_path, capsys):
    path = fx.build(tmp_path / "live.duckdb")
    con = database.connect(path)
    accounts.create(con, "chief", access.ADMIN, None, "chief-pass-1")
    database.close(path)
    size = path.stat().st_size
    code = cli.main(["demo", "--preset", "hongtong", "--db", str(path), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and "中有账号和审计日志" in err and "data/datasets/" in err
    assert path.stat().st_size == size and accounts.get(database.connect(path), "chief") is not None
    database.close(path)
