"""What `python cli.py bench` needs to measure the importer: a large GBK roster as WPS exports it
(Chinese template headers, comma-separated), and timings of its import against DuckDB reading
the same data in UTF-8.

    from cgw.ingest.importer import bench
    figures = bench.measure(rows=1_000_000, workdir=Path("data/bench"), rounds=3)

Three timings, each the median of `rounds`, interleaved round by round:
- `read_csv`: DuckDB `CREATE TABLE … AS SELECT * FROM read_csv(UTF-8 file)` (types auto-detected);
- `native_load`: DuckDB `INSERT INTO workers SELECT … FROM read_csv(UTF-8 file)` into a fresh
  database, i.e. the same rows into the same table with its keys, foreign keys and checks, and
  no validation (`COMMIT` included);
- `import`: `importer.import_file(…, GBK file)` into a fresh database: transcoding, validation,
  the undo record, the batch log and `COMMIT`.

`measure_xlsx_preview` times `importer.preview` of the same roster saved as an Excel workbook (as
Excel saves it: shared strings, one sheet), the page's first step after an upload.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from cgw import domain
from cgw.domain import idcard
from cgw.ingest.importer.specs import WORKERS
from cgw.storage import database


def _regions_db(path: Path) -> list[str]:
    """A database holding only the kuiwen preset's regions; returns its community codes."""
    from cgw.ingest.generator import build, targets

    path.unlink(missing_ok=True)
    return regions_database(build.region_frame(targets.KUIWEN, seed=1), path)


def regions_database(regions: pd.DataFrame, path: Path) -> list[str]:
    """A new database at `path` holding only `regions`; returns its community codes."""
    con = database.open_database(path)
    try:
        cur = con.cursor()
        database.insert_frame(cur, "regions", regions)
        cur.execute("CHECKPOINT")
    finally:
        con.close()
    return sorted(regions.loc[regions["level"].astype(str) == "community", "region_id"])


def write_roster(path_gbk: Path, path_utf8: Path, rows: int, communities: list[str], seed: int = 7) -> None:
    """`rows` valid, distinct workers with Chinese headers, in GBK and in UTF-8."""
    rng = np.random.default_rng(seed)
    n = rows
    male = rng.random(n) < 0.42
    birth = np.datetime64("1966-01-01") + rng.integers(0, 365 * 36, n).astype("timedelta64[D]")
    area = rng.choice(np.array([370705, 370702, 370703, 370704, 370786, 371302]), n)
    ids = idcard.make_ids(area, birth, male, rng)
    hire = birth + (rng.integers(22, 35, n) * 365).astype("timedelta64[D]")
    hire = np.minimum(hire, np.datetime64("2025-06-30"))
    role = rng.choice(np.array(domain.values("role_category")), n, p=[0.05, 0.1, 0.8, 0.05])
    lo = np.array([domain.POST_LEVEL_RANGE[r][0] for r in role])
    hi = np.array([domain.POST_LEVEL_RANGE[r][1] for r in role])
    level = lo + (rng.random(n) * (hi - lo + 1)).astype(int)
    title = np.where(role == "社区正职", "书记", np.where(role == "社区副职", "副主任",
                     np.where(role == "楼宇专职工作者", "楼宇专职工作者", "社区专职工作者")))  # fmt: skip
    surnames = np.array(list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"))
    given = np.array(list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅海燕志强丹玉兰晓东"))
    name = np.char.add(np.char.add(rng.choice(surnames, n), rng.choice(given, n)),
                       np.where(rng.random(n) < 0.6, rng.choice(given, n), ""))  # fmt: skip
    phone = np.char.add("1", np.char.zfill((rng.integers(3_000_000_000, 9_999_999_999, n)).astype(str), 10))
    cols = {
        "人员编号": np.char.add("W", np.char.zfill(np.arange(1, n + 1).astype(str), 7)),
        "姓名": name,
        "性别": np.where(male, "男", "女"),
        "身份证号": ids,
        "出生日期": birth.astype(str),
        "民族": rng.choice(np.array(["汉族", "回族", "满族"]), n, p=[0.96, 0.03, 0.01]),
        "政治面貌": rng.choice(np.array(["中共党员", "群众", "共青团员"]), n, p=[0.6, 0.3, 0.1]),
        "学历": rng.choice(np.array(domain.values("education")), n, p=[0.05, 0.5, 0.36, 0.08, 0.01]),
        "所属社区": rng.choice(np.array(communities), n),
        "岗位类别": role,
        "职务": title,
        "岗位等级": level.astype(str),
        "来源": rng.choice(np.array(["公开招聘", "随缺随补", "选举"]), n, p=[0.8, 0.15, 0.05]),
        "入职日期": hire.astype(str),
        "任现职时间": hire.astype(str),
        "状态": np.full(n, "在岗"),
        "离岗日期": np.full(n, ""),
        "退出情形": np.full(n, ""),
        "联系电话": phone,
    }
    assert set(cols) <= set(WORKERS.headers_zh())
    with open(path_utf8, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(cols.keys())
        w.writerows(zip(*cols.values()))
    path_gbk.write_bytes(path_utf8.read_text(encoding="utf-8").encode("gbk"))


# The roster's columns into the table's, as the importer stores them (职务 is both the title as
# written and, being a category's own name, its category).
_FILE_HEADERS = ("人员编号", "姓名", "性别", "身份证号", "出生日期", "民族", "政治面貌", "学历", "所属社区", "岗位类别", "职务",
                 "岗位等级", "来源", "入职日期", "任现职时间", "状态", "离岗日期", "退出情形", "联系电话")
NATIVE_SELECT = ", ".join('"职务"' if c.name == "post_title" else (f'"{c.header_zh}"' if c.header_zh in _FILE_HEADERS
                                                                   else "NULL") for c in WORKERS.stored_columns)


def measure(rows: int = 1_000_000, workdir: Path | str = Path("data/bench"), rounds: int = 3,
            progress=None) -> dict:
    """Median seconds of read_csv, native_load and import, and the ratios import / each."""
    from cgw.ingest.importer import import_file

    progress = progress or (lambda f, m: None)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    base = workdir / "import_regions.duckdb"
    progress(0.0, "准备区划库 / regions database")
    communities = _regions_db(base)
    gbk, utf8 = workdir / f"roster_{rows}_gbk.csv", workdir / f"roster_{rows}_utf8.csv"
    if not (gbk.exists() and utf8.exists()):
        progress(0.05, f"生成 {rows:,} 行花名册 / writing roster")
        write_roster(gbk, utf8, rows, communities)

    def fresh(name: str) -> Path:
        target = workdir / name
        database.close(target)
        for p in (target, Path(str(target) + ".wal")):
            p.unlink(missing_ok=True)
        shutil.copy(base, target)
        return target

    def read_csv() -> float:
        con = database.open_database(fresh("bench_read.duckdb"))
        try:
            start = time.perf_counter()
            con.cursor().execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(utf8)])
            return time.perf_counter() - start
        finally:
            con.close()

    def native() -> float:
        con = database.open_database(fresh("bench_native.duckdb"))
        try:
            cur = con.cursor()
            start = time.perf_counter()
            cur.execute("BEGIN")
            cur.execute(f"INSERT INTO workers SELECT {NATIVE_SELECT} FROM read_csv(?, all_varchar = true)",
                        [str(utf8)])
            cur.execute("COMMIT")
            return time.perf_counter() - start
        finally:
            con.close()

    def ours() -> float:
        path = fresh("bench_import.duckdb")
        con = database.open_database(path)
        try:
            start = time.perf_counter()
            result = import_file(con, "workers", gbk)
            seconds = time.perf_counter() - start
            if result.rows_new != rows:
                raise RuntimeError(result.summary())
            return seconds
        finally:
            con.close()

    times: dict[str, list[float]] = {"read_csv": [], "native_load": [], "import": []}
    steps = rounds * 3
    for r in range(rounds):
        for key, fn in (("read_csv", read_csv), ("native_load", native), ("import", ours)):
            progress(0.1 + 0.9 * len(sum(times.values(), [])) / steps, f"第 {r + 1} 轮 {key}")
            times[key].append(fn())
    med = {k: statistics.median(v) for k, v in times.items()}
    for name in ("bench_read.duckdb", "bench_native.duckdb", "bench_import.duckdb"):
        database.close(workdir / name)
        for p in (workdir / name, workdir / (name + ".wal")):
            p.unlink(missing_ok=True)
    return {
        "rows": rows,
        "gbk_bytes": gbk.stat().st_size,
        "seconds": med,
        "all_seconds": times,
        "ratio_to_read_csv": med["import"] / med["read_csv"],
        "ratio_to_native_load": med["import"] / med["native_load"],
        "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
    }


def write_roster_xlsx(path: Path, utf8_csv: Path) -> None:
    """The roster as an Excel workbook the way Excel saves one (a shared-string table), text cells."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("花名册")
    with open(utf8_csv, encoding="utf-8", newline="") as f:
        for r, row in enumerate(csv.reader(f)):
            for c, v in enumerate(row):
                if v:
                    ws.write_string(r, c, v)
    wb.close()


def measure_xlsx_preview(rows: int = 100_000, workdir: Path | str = Path("data/bench"), rounds: int = 3,
                         progress=None) -> dict:
    """Median seconds of importer.preview on a `rows`-row Excel roster, against a database holding
    only the regions (every row new, every check run)."""
    from cgw.ingest.importer import preview

    progress = progress or (lambda f, m: None)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    base = workdir / "xlsx_regions.duckdb"
    communities = _regions_db(base)
    xlsx = workdir / f"roster_{rows}.xlsx"
    if not xlsx.exists():
        progress(0.05, f"生成 {rows:,} 行 Excel 花名册 / writing workbook")
        gbk, utf8 = workdir / f"roster_{rows}_gbk.csv", workdir / f"roster_{rows}_utf8.csv"
        if not utf8.exists():
            write_roster(gbk, utf8, rows, communities)
        write_roster_xlsx(xlsx, utf8)
    data = xlsx.read_bytes()
    con = database.open_database(base)
    times = []
    try:
        for r in range(rounds):
            progress(0.2 + 0.8 * r / rounds, f"第 {r + 1} 轮 Excel 预览")
            start = time.perf_counter()
            result = preview(con, "workers", data, file_name=xlsx.name)
            times.append(time.perf_counter() - start)
            if result.rows_new != rows:
                raise RuntimeError(f"Excel 预览：{result.rows_new:,} 行可新增，应为 {rows:,}")
    finally:
        con.close()
    return {"rows": rows, "xlsx_bytes": len(data), "seconds": statistics.median(times), "all_seconds": times}
