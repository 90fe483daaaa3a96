"""The actions that change data or let data out, checked and recorded on the server: each one
requires its permission (cgw.domain.access) and the account's region scope, whatever the page
shows, and leaves exactly one entry in the audit trail (success, failure or denied).

Pages call these instead of the importer, the generator or the storage directly.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from cgw.domain import access
from cgw.ingest import importer
from cgw.ingest.generator import studio
from cgw.storage import accounts, datasets, people
from cgw.webui import auth, data
from metrics import regions


def _denied(action: str, message: str, target: object = None) -> access.AccessDenied:
    auth.audit(action, access.DENIED, target=target, detail=message)
    return access.AccessDenied(message)


def _require(permission: str, action: str, target: object = None) -> None:
    if not data.can(permission):
        raise _denied(action, f"当前账号没有“{access.permission_label(permission)}”权限", target)


# --- downloads ------------------------------------------------------------------------------------


def audited(make: Callable[[], bytes], action: str, target: str, region_id: str | None = None) -> Callable[[], bytes]:
    """`make` (a deferred download: it runs once, when clicked, on another thread), recorded in the
    audit trail when it runs. Who and from where are taken now, inside the session."""
    account = data.account()
    client = auth.client_address()
    con = data.live_connection()

    def run() -> bytes:
        def record(outcome: str, detail: str | None = None) -> None:
            accounts.append_audit(con, actor=account.name if account else "?", role=account.role if account else None,
                                  action=action, outcome=outcome, target=target,
                                  region_id=region_id if region_id is not None else (account.region_id if account else None),
                                  client=client, detail=detail)

        try:
            out = make()
        except Exception as e:
            record(access.FAILURE, f"{type(e).__name__}: {e}")
            raise
        record(access.SUCCESS, f"{len(out):,} 字节")
        return out

    return run


# --- import and undo ---------------------------------------------------------------------------------


def import_preview(table: str, content: bytes, **kwargs) -> importer.Preview:
    """What a file would do, checked against the account's region (nothing is written)."""
    _require(access.IMPORT, "import", table)
    return importer.preview(data.connection(), table, content, scope=data.scope_region(), **kwargs)


def import_file(table: str, content: bytes, *, file_name: str, **kwargs) -> importer.ImportResult:
    """Load a file inside the account's region: rows outside it are errors. One audit entry."""
    _require(access.IMPORT, "import", file_name)
    scope = data.scope_region()
    con = data.connection()
    try:
        result = importer.import_file(con, table, content, file_name=file_name, scope=scope, **kwargs)
    except importer.ImportFailed as e:
        auth.audit("import", access.FAILURE, target=f"{table} · {file_name}", region_id=scope, detail=str(e))
        raise
    if result.written:
        accounts.record_batch_owner(con, result.batch_id, data.account().name, scope)
    auth.audit("import", access.SUCCESS if result.written else access.FAILURE,
               target=f"{table} · {file_name}" + (f" · 第 {result.batch_id} 批" if result.written else ""),
               region_id=scope, detail=result.summary())
    return result


def _batch_region(owners: dict, batch_id: int, whole: str | None) -> str | None:
    """The region a batch was imported within; batches from before accounts (or the command line
    without --user) count as the whole database."""
    owner = owners.get(int(batch_id))
    return owner[1] if owner and owner[1] else whole


def batches() -> pd.DataFrame:
    """Import batches the account may see and undo: those imported within its region (any batch
    for administrators), with who imported each."""
    _require(access.IMPORT, "undo")
    con = data.connection()
    df = importer.batches(con)
    owners = accounts.batch_owners(con)
    root = regions.root(con)
    whole = root.region_id if root else None
    df["imported_by"] = df["batch_id"].map(lambda b: owners.get(int(b), ("—", None))[0])
    if data.can(access.ALL_BATCHES):
        return df
    scope = data.scope_region()
    keep = df["batch_id"].map(lambda b: access.in_scope(_batch_region(owners, b, whole), scope))
    return df[keep.astype(bool)].reset_index(drop=True)


def undo(batch_id: int):
    """Undo a batch the account may undo. One audit entry."""
    if int(batch_id) not in set(batches()["batch_id"].astype(int)):
        raise _denied("undo", f"第 {batch_id} 批不在当前账号的管辖范围内，不能撤销", f"第 {batch_id} 批")
    try:
        result = importer.undo(data.connection(), int(batch_id))
    except importer.ImportFailed as e:
        auth.audit("undo", access.FAILURE, target=f"第 {batch_id} 批", detail=str(e))
        raise
    auth.audit("undo", target=f"第 {batch_id} 批", detail=result.summary())
    return result


# --- the demo studio ------------------------------------------------------------------------------


def generate_demo(destination: str, targets, **kwargs):
    """Generate into a named demo dataset; the live dataset (default) is never overwritten from
    the studio, whoever asks. One audit entry."""
    _require(access.STUDIO, "demo", destination)
    if destination == datasets.DEFAULT_NAME:
        raise _denied("demo", "演示数据只能生成到命名数据集，不能覆盖正式数据（default）", destination)
    try:
        result = studio.generate(destination, targets, default_path=data.default_db_path(), **kwargs)
    except Exception as e:
        auth.audit("demo", access.FAILURE, target=destination, detail=f"{type(e).__name__}: {e}")
        raise
    auth.audit("demo", target=destination, detail=f"{getattr(targets, 'name', '')} · {result.total_rows:,} 行")
    return result


def delete_dataset(name: str) -> None:
    _require(access.STUDIO, "demo", name)
    if name == datasets.DEFAULT_NAME:
        raise _denied("demo", "正式数据（default）不能删除", name)
    data.forget_connections()  # the file's own connection is closed by delete(); the live one stays open
    datasets.delete(name, data.default_db_path())
    auth.audit("demo", target=name, detail="删除演示数据集")


# --- personal data ---------------------------------------------------------------------------------

MIN_REASON = 4


def find_people(text: str) -> pd.DataFrame:
    _require(access.REVEAL, "reveal")
    return people.find(data.connection(), text, data.scope_region())


def reveal(table: str, key: str, reason: str) -> dict:
    """One person's unmasked record, for a stated reason. One audit entry."""
    _require(access.REVEAL, "reveal", f"{table}/{key}")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValueError(f"请说明查看理由（至少 {MIN_REASON} 个字）")
    found = people.record(data.connection(), table, key, data.scope_region())
    if found is None:
        raise _denied("reveal", f"{key} 不存在或不在当前账号的管辖范围内", f"{table}/{key}")
    auth.audit("reveal", target=f"{people.TABLES[table][1]} {key} {found.get('name', '')}",
               region_id=found.get("community_id"), detail=f"理由：{reason}")
    return found


# --- accounts ----------------------------------------------------------------------------------------


def _manages(account) -> bool:
    """An administrator manages the accounts inside her own region (all of them when she has none)."""
    scope = data.account().region_id
    return scope is None or (account.region_id is not None and access.in_scope(account.region_id, scope))


def manageable_accounts() -> list:
    _require(access.ACCOUNTS, "account_change")
    return [a for a in accounts.list_accounts(data.live_connection()) if _manages(a)]


def _region_allowed(region_id: str | None) -> bool:
    scope = data.account().region_id
    return scope is None or (region_id is not None and access.in_scope(region_id, scope))


def create_account(name: str, role: str, region_id: str | None, password: str, temporary: bool) -> None:
    _require(access.ACCOUNTS, "account_create", name)
    if not _region_allowed(region_id):
        raise _denied("account_create", "只能在自己的管辖范围内开通账号", name)
    try:
        accounts.create(data.live_connection(), name, role, region_id, password, temporary=temporary,
                        created_by=data.account().name)
    except accounts.AccountError as e:
        auth.audit("account_create", access.FAILURE, target=name, detail=str(e))
        raise
    auth.audit("account_create", target=name, region_id=region_id,
               detail=f"角色 {access.role_label(role)}；管辖 {region_id or '全部区划'}" + ("；临时密码" if temporary else ""))


def change_account(name: str, *, role: str, region_id: str | None, active: bool) -> bool:
    """Role, region and whether the account is active; False when nothing changed."""
    _require(access.ACCOUNTS, "account_change", name)
    con = data.live_connection()
    before = accounts.get(con, name)
    if before is None or not _manages(before) or not _region_allowed(region_id):
        raise _denied("account_change", "只能管理自己管辖范围内的账号", name)
    if name == data.account().name and (role != before.role or not active):
        raise _denied("account_change", "不能降低自己的角色或停用自己的账号：请由另一位管理员操作", name)
    changes = []
    if role != before.role:
        changes.append(f"角色 {access.role_label(before.role)} → {access.role_label(role)}")
    if region_id != before.region_id:
        changes.append(f"管辖 {before.region_id or '全部区划'} → {region_id or '全部区划'}")
    if active != before.active:
        changes.append("启用" if active else "停用")
    if not changes:
        return False
    try:
        accounts.change(con, name, role=role, region_id=region_id, active=active)
    except accounts.AccountError as e:
        auth.audit("account_change", access.FAILURE, target=name, detail=str(e))
        raise
    auth.audit("account_change", target=name, region_id=region_id, detail="；".join(changes))
    return True


def reset_password(name: str) -> str:
    """A new temporary password for `name` (shown once to the administrator); unlocks the account
    and ends its sessions."""
    _require(access.ACCOUNTS, "password_reset", name)
    con = data.live_connection()
    target = accounts.get(con, name)
    if target is None or not _manages(target):
        raise _denied("password_reset", "只能管理自己管辖范围内的账号", name)
    password = access.temporary_password()
    accounts.set_password(con, name, password, temporary=True)
    auth.audit("password_reset", target=name, region_id=target.region_id, detail="设置临时密码，首次登录须修改")
    return password


# --- the audit trail -----------------------------------------------------------------------------------


def audit_entries(**filters) -> pd.DataFrame:
    """Entries the account may read: those about its region subtree (all for an account without one)."""
    _require(access.AUDIT, "access", "audit")
    return accounts.audit_frame(data.live_connection(), region_scope=data.account().region_id, **filters)


def audit_check() -> accounts.AuditCheck:
    _require(access.AUDIT, "access", "audit")
    return accounts.verify_audit(data.live_connection())
