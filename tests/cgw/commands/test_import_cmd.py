"""`cli.py import`: D1 (every changed row rejected under --accept-valid), --profile (the page's saved
mapping, applied the same way), and the page's messages on the command line."""

from __future__ import annotations

import cli
from cgw.ingest import importer
from cgw.storage import database
from tests.support import office_corpus
from tests.support.import_corpus import C2, ID1, csv_bytes

PS = office_corpus.people()[:3]
HEAD = ["人员编号", "姓名", "身份证号", "所属社区", "入职日期", "学历", "岗位等级", "职务", "联系电话"]
ZHANG = ["W0000001", "张伟", ID1, "370705001001", "2010-07-01", "本科", "10", "社区专职工作者", "13800000001"]


def test_d1_accept_valid_with_every_changed_row_rejected_says_so_and_fails(import_db, tmp_path, capsys):
    """张伟 is already stored exactly so; the one new row is bad. Before: exit 0 and "文件中的 2 行与库中完全一致"."""
    f = tmp_path / "d1.csv"
    f.write_bytes(csv_bytes([HEAD, ZHANG, ["", PS[0].name, PS[0].id_number, C2, "2021-13-01", "", "", "", ""]]))
    code = cli.main(["import", "--table", "workers", "--db", str(import_db), "--quiet", "--accept-valid", str(f)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err == ("未导入「社区工作者」（d1.csv）：1 行有问题被拒绝（共 1 处，见错误报告），其余 1 行与库中一致，数据库未改变")
    assert database.query_rows(database.connect(import_db), "SELECT count(*) FROM import_batches") == [(0,)]


def test_the_same_file_twice_is_identical_and_exits_0(import_db, tmp_path, capsys):
    f = tmp_path / "same.csv"
    f.write_bytes(csv_bytes([HEAD, ZHANG]))
    assert cli.main(["import", "--table", "workers", "--db", str(import_db), "--quiet", str(f)]) == 0
    assert "文件中的 1 行与库中完全一致" in capsys.readouterr().out


def test_profile_saved_on_the_page_maps_the_file_on_the_command_line(import_db, tmp_path, capsys):
    """A roster whose community column is headed 工作单位 (nothing the importer recognises) and whose
    学历 says 电大 (a school, not a level): without the profile the file is refused; with it every row loads."""
    head = ["姓名", "公民身份号码", "工作单位", "参加社区工作时间", "学历"]
    rows = [[p.name, p.id_number, "和平社区", "2019年5月", "电大"] for p in PS]
    f = tmp_path / "街道名单.csv"
    f.write_bytes(csv_bytes([head, *rows], "gbk"))
    argv = ["import", "--table", "workers", "--db", str(import_db), "--quiet", str(f)]
    assert cli.main(argv) == 1
    assert "缺少必需的列 「所属社区」" in capsys.readouterr().err

    con = database.connect(import_db)
    importer.profiles.save(con, "大虞街道花名册", "workers",
                           importer.Mapping({"工作单位": "community_id"}, {"education": {"电大": "大专"}}))
    database.close(import_db)
    assert cli.main(argv + ["--profile", "没有这个方案"]) == 1
    assert "没有名为「没有这个方案」的「社区工作者」导入方案；已有的方案：大虞街道花名册" in capsys.readouterr().err
    assert cli.main(argv + ["--profile", "大虞街道花名册"]) == 0
    assert "新增 3 行" in capsys.readouterr().out
    con = database.connect(import_db)
    assert database.query_rows(con, "SELECT count(*), min(education::VARCHAR), min(community_id) FROM workers "
                                    "WHERE worker_id > 'W0000003'") == [(3, "大专", C2)]
