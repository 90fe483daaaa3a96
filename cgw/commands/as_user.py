"""`--user NAME` for the commands that read or change data: the command runs with that account's
role and region (an account bound to a street gets its street's figures only), and the actions
the audit trail records (briefings, exports, imports, undos) are recorded under its name.
Without --user a command acts for whoever holds the database file, recorded as the command line.
"""

from __future__ import annotations

import argparse
import getpass

import duckdb

from cgw.domain import access
from cgw.storage import accounts
from metrics import regions


def add_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", help="以该账号的角色和管辖范围执行：只能看到、导出或改动其辖区的数据")


def account(con: duckdb.DuckDBPyConnection, name: str | None, permission: str) -> accounts.Account | None:
    """The --user account, checked for `permission` (None without --user). ValueError says why not."""
    if not name:
        return None
    found = accounts.get(con, name)
    if found is None or not found.active:
        raise ValueError(f"账号 {name} 不存在或已停用")
    if not found.can(permission):
        raise ValueError(f"账号 {name}（{access.role_label(found.role)}）没有“{access.permission_label(permission)}”权限")
    return found


def region(con: duckdb.DuckDBPyConnection, user: accounts.Account | None, requested: str | None) -> str | None:
    """The region a command reads: --region when given (it must lie inside the account's scope),
    else the account's region (else None: the top of the tree)."""
    scope = user.region_id if user else None
    if not requested:
        return scope
    found = regions.tree(con).resolve(requested)
    if found is not None and not access.in_scope(found.region_id, scope):
        raise ValueError(f"区划 {requested} 不在账号 {user.name} 的管辖范围（{scope}）内")
    return requested


def audit(con: duckdb.DuckDBPyConnection, user: accounts.Account | None, action: str, *, target: object = None,
          region_id: str | None = None, outcome: str = access.SUCCESS, detail: object = None) -> None:
    """One audit entry for a command-line action."""
    accounts.append_audit(con, actor=user.name if user else f"命令行（{getpass.getuser()}）",
                          role=user.role if user else None, action=action, target=target,
                          region_id=region_id if region_id is not None else (user.region_id if user else None),
                          outcome=outcome, client=access.CLI_CLIENT, detail=detail)
