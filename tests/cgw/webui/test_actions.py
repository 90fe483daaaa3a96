"""Every action that changes data or lets data out is checked on the server and leaves exactly one
audit entry: downloads (exports, briefings), imports, undos, demo generation, reveals of personal
data, account changes, and every refusal. Run in Streamlit's bare mode with the signed-in account
in session state, as the pages call them."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st

from cgw.domain import access
from cgw.ingest.generator import targets as tg
from cgw.storage import accounts, database
from cgw.webui import actions, data
from tests import support
from tests.support import accounts as test_accounts
from tests.support.import_corpus import csv_bytes

INSIDE, OUTSIDE = "370705006003", "370705001001"  # a 广文街道 community; one of 大虞街道


@pytest.fixture(scope="module")
def live(kuiwen_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("actions") / "live.duckdb"
    database.close(kuiwen_db)
    shutil.copy(kuiwen_db, path)
    return path


@pytest.fixture
def as_user(live, monkeypatch, tmp_path):
    monkeypatch.setenv("CGW_DATASETS_DIR", str(tmp_path / "datasets"))
    support.reset_streamlit()
    data.configure(live)

    def sign_in(name: str) -> None:
        st.session_state.clear()
        st.session_state[data.ACCOUNT_KEY] = accounts.get(database.connect(live), name)

    yield sign_in
    st.session_state.clear()
    support.reset_streamlit()


class Trail:
    """The audit entries written since it was made."""

    def __init__(self, path):
        self.con = database.connect(path)
        self.start = accounts.audit_count(self.con) and int(accounts.audit_frame(self.con, limit=1)["seq"].iloc[0])

    def new(self) -> list[tuple]:
        df = accounts.audit_frame(self.con, after_seq=self.start).sort_values("seq")
        df = df.astype(object).where(df.notna(), None)
        self.start += len(df)
        return [(r.actor, r.action, r.outcome, r.target, r.region_id) for r in df.itertuples()]


def test_a_download_is_recorded_when_it_runs(as_user, live):
    as_user("viewer_street")
    trail = Trail(live)
    download = actions.audited(lambda: b"a,b\r\n1,2\r\n", "export", "chart_广文街道.csv", test_accounts.STREET)
    assert trail.new() == []  # nothing until clicked
    assert download() == b"a,b\r\n1,2\r\n"
    assert trail.new() == [("viewer_street", "export", "success", "chart_广文街道.csv", test_accounts.STREET)]

    def broken() -> bytes:
        raise RuntimeError("chromium missing")

    with pytest.raises(RuntimeError):
        actions.audited(broken, "briefing", "简报.pdf")()
    assert trail.new() == [("viewer_street", "briefing", "failure", "简报.pdf", test_accounts.STREET)]


def population(*rows) -> bytes:
    return csv_bytes([["社区", "年度", "常住人口", "户数"], *rows])


def test_imports_and_undos_are_scoped_and_recorded(as_user, live):
    trail = Trail(live)
    as_user("viewer_street")
    with pytest.raises(access.AccessDenied, match="数据导入"):
        actions.import_file("region_population", population([INSIDE, "2030", "100", "40"]), file_name="p.csv")
    assert trail.new() == [("viewer_street", "import", "denied", "p.csv", test_accounts.STREET)]

    as_user("analyst_street")
    refused = actions.import_file("region_population", population([INSIDE, "2030", "100", "40"],
                                                                  [OUTSIDE, "2030", "100", "40"]), file_name="p.csv")
    assert not refused.written and refused.rows_rejected == 1
    assert trail.new() == [("analyst_street", "import", "failure", "region_population · p.csv", test_accounts.STREET)]
    result = actions.import_file("region_population", population([INSIDE, "2030", "100", "40"]), file_name="p.csv")
    batch = result.batch_id
    assert result.written and trail.new() == [
        ("analyst_street", "import", "success", f"region_population · p.csv · 第 {batch} 批", test_accounts.STREET)]
    assert accounts.batch_owners(database.connect(live))[batch] == ("analyst_street", test_accounts.STREET)

    as_user("analyst_community")  # 樱园社区 is inside 广文街道, but the batch was 广文街道's
    assert batch not in set(actions.batches()["batch_id"])
    with pytest.raises(access.AccessDenied, match="不在当前账号的管辖范围内"):
        actions.undo(batch)
    assert trail.new() == [("analyst_community", "undo", "denied", f"第 {batch} 批", test_accounts.COMMUNITY)]
    as_user("analyst_district")
    assert batch in set(actions.batches()["batch_id"])  # the district contains the street
    as_user("admin_community")
    assert batch in set(actions.batches()["batch_id"])  # administrators: every batch
    as_user("analyst_street")
    actions.undo(batch)
    assert trail.new() == [("analyst_street", "undo", "success", f"第 {batch} 批", test_accounts.STREET)]


def test_demo_data_go_into_named_datasets_only(as_user, live, tmp_path):
    trail = Trail(live)
    small = tg.from_mapping({"base": "kuiwen", "population": 50_000, "streets": 2, "communities": 8,
                             "workers_per_10k": 20.0, "under_40_share": 0.45, "college_share": 0.9,
                             "certified_share": 0.6, "secretary_avg_age": 42.0, "partners": 20,
                             "issues_resolved": 30, "wishes_fulfilled": 150})
    for name in ("presenter_district", "admin"):
        as_user(name)
        with pytest.raises(access.AccessDenied, match="不能覆盖正式数据"):
            actions.generate_demo("default", small, seed=3)
    assert [e[:3] for e in trail.new()] == [("presenter_district", "demo", "denied"), ("admin", "demo", "denied")]
    as_user("analyst_district")
    with pytest.raises(access.AccessDenied, match="演示数据"):
        actions.generate_demo("mine", small, seed=3)
    assert [e[:3] for e in trail.new()] == [("analyst_district", "demo", "denied")]
    as_user("presenter_street")
    result = actions.generate_demo("路演", small, seed=3)
    assert result.total_rows > 0 and (tmp_path / "datasets" / "路演.duckdb").exists()
    assert trail.new() == [("presenter_street", "demo", "success", "路演", test_accounts.STREET)]
    actions.delete_dataset("路演")
    assert trail.new() == [("presenter_street", "demo", "success", "路演", test_accounts.STREET)]
    assert not (tmp_path / "datasets" / "路演.duckdb").exists()


def test_a_reveal_needs_a_reason_and_the_person_in_scope(as_user, live):
    trail = Trail(live)
    con = database.connect(live)
    inside, outside = (database.query_rows(con, "SELECT worker_id FROM workers WHERE community_id LIKE ? LIMIT 1",
                                           [prefix + "%"])[0][0] for prefix in (test_accounts.STREET, "370705001"))
    as_user("analyst_district")
    with pytest.raises(access.AccessDenied):
        actions.reveal("workers", inside, "核对社保缴纳")
    as_user("admin_street")
    found = actions.find_people(inside)
    assert list(found["key"]) == [inside] and "*" in found["id_number"].iloc[0]
    assert actions.find_people(outside).empty  # another street's worker is not found
    with pytest.raises(ValueError, match="请说明查看理由"):
        actions.reveal("workers", inside, "  看 ")
    record = actions.reveal("workers", inside, "核对社保缴纳")
    stored = database.query_rows(con, "SELECT id_number, phone FROM workers WHERE worker_id = ?", [inside])[0]
    assert (record["id_number"], record["phone"]) == stored and "*" not in record["id_number"]
    with pytest.raises(access.AccessDenied, match="不在当前账号的管辖范围内"):
        actions.reveal("workers", outside, "核对社保缴纳")
    got = trail.new()
    assert [e[:3] for e in got] == [("analyst_district", "reveal", "denied"), ("admin_street", "reveal", "success"),
                                    ("admin_street", "reveal", "denied")]
    assert got[1][3].startswith(f"社区工作者 {inside} ") and got[1][4] == record["community_id"]
    detail = accounts.audit_frame(con, actions=["reveal"], outcome="success", limit=1)["detail"].iloc[0]
    assert detail == "理由：核对社保缴纳"


def test_account_changes_are_checked_and_recorded(as_user, live):
    trail = Trail(live)
    as_user("admin_street")
    actions.create_account("gw_viewer2", access.VIEWER, test_accounts.COMMUNITY, "gw-pass-123", temporary=True)
    with pytest.raises(access.AccessDenied, match="只能在自己的管辖范围内"):
        actions.create_account("dy_viewer", access.VIEWER, "370705001", "dy-pass-123", temporary=True)
    with pytest.raises(accounts.AccountError, match="已存在"):
        actions.create_account("gw_viewer2", access.VIEWER, test_accounts.STREET, "gw-pass-123", temporary=True)
    assert actions.change_account("gw_viewer2", role=access.ANALYST, region_id=test_accounts.STREET, active=True)
    assert not actions.change_account("gw_viewer2", role=access.ANALYST, region_id=test_accounts.STREET, active=True)
    temporary = actions.reset_password("gw_viewer2")
    assert accounts.authenticate(database.connect(live), "gw_viewer2", temporary).account.must_change
    with pytest.raises(access.AccessDenied, match="只能管理自己管辖范围内的账号"):
        actions.reset_password("viewer_district")  # bound to the district: above a street administrator
    with pytest.raises(access.AccessDenied, match="不能降低自己的角色"):
        actions.change_account("admin_street", role=access.VIEWER, region_id=test_accounts.STREET, active=True)
    names = {a.name for a in actions.manageable_accounts()}
    assert "gw_viewer2" in names and "viewer_community" in names and "viewer_district" not in names and "admin" not in names
    assert [e[:3] for e in trail.new()] == [
        ("admin_street", "account_create", "success"), ("admin_street", "account_create", "denied"),
        ("admin_street", "account_create", "failure"), ("admin_street", "account_change", "success"),
        ("admin_street", "password_reset", "success"), ("admin_street", "password_reset", "denied"),
        ("admin_street", "account_change", "denied"),
    ]
    as_user("analyst_district")
    with pytest.raises(access.AccessDenied, match="账号管理"):
        actions.manageable_accounts()


def test_the_audit_trail_is_read_within_the_auditors_region(as_user, live):
    as_user("auditor_street")
    entries = actions.audit_entries()
    assert len(entries) and all(r.startswith(test_accounts.STREET) for r in entries["region_id"].dropna())
    assert entries["region_id"].notna().all()
    as_user("auditor_district")
    assert len(actions.audit_entries()) > len(entries)
    assert actions.audit_check().ok
    as_user("presenter_district")
    with pytest.raises(access.AccessDenied, match="审计日志"):
        actions.audit_entries()
