"""Generate a whole dataset into a DuckDB file, atomically, with progress.

The data go into a temporary file next to the target, which replaces the target only when
everything is written and checkpointed: an interrupted run never leaves a half-built database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from cgw.ingest.generator import (
    calibrate,
    grids,
    management,
    mechanisms,
    needs,
    pools,
    regions,
    services,
    workforce,
)
from cgw.ingest.generator.targets import DEFAULT_AS_OF, Targets
from cgw.ingest.importer.specs import TABLES
from cgw.storage import backends, database

Progress = Callable[[float, str], None]

# Insert order respects foreign keys.
TABLE_ORDER = database.DATA_TABLES


@dataclass
class GenerationResult:
    path: Path
    rows: dict[str, int]
    seconds: float
    plan: calibrate.WorkforcePlan

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / max(self.seconds, 1e-9)


def _silent(_: float, __: str) -> None:
    pass


# Progress names the tables as the importer's specs do (写入微心愿 5,997 行), not by their SQL names.
TABLE_ZH = {t.name: t.title_zh for t in TABLES}


def _streams(seed: int) -> list[np.random.Generator]:
    """One random stream per part of the dataset: each part is the same whatever the others draw.

    The first eight are those of the version-5 generator (SeedSequence.spawn(16)[:8] equals
    spawn(8)), so every table it made comes out as before; version 6's parts use the rest."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(16)]


# Streams of the version-6 parts.
GRIDS, NEEDS, MECHANISMS, COMPETENCY, MANAGEMENT, PARTNER_KINDS, WORKER_GRIDS, SERVICE_GRIDS = range(8, 16)


def _region_rows(tree: regions.RegionTree, grid: grids.Grids) -> pd.DataFrame:
    return pd.concat([tree.regions.assign(party_branch=None), grid.regions], ignore_index=True)


def region_frame(targets: Targets, seed: int = 1) -> pd.DataFrame:
    """The regions table alone, exactly as `generate_frames` makes it (no people, no services)."""
    rng = _streams(seed)
    tree = regions.build_regions(targets, calibrate.plan_workforce(targets).population, rng[0])
    return _region_rows(tree, grids.build_grids(targets, tree, rng[GRIDS]))


def generate_frames(
    targets: Targets, seed: int = 1, as_of: dt.date = DEFAULT_AS_OF, progress: Progress = _silent
) -> tuple[dict[str, pd.DataFrame], calibrate.WorkforcePlan]:
    """Every table as a DataFrame. The same (targets, seed, as_of) always gives the same frames."""
    rng = _streams(seed)
    progress(0.02, "规划人数")
    plan = calibrate.plan_workforce(targets)
    progress(0.04, "生成姓名库")
    name_pools = pools.make_pools(seed)
    progress(0.08, "生成区划和人口")
    tree = regions.build_regions(targets, plan.population, rng[0])
    grid = grids.build_grids(targets, tree, rng[GRIDS])
    frames: dict[str, pd.DataFrame] = {
        "regions": _region_rows(tree, grid),
        "region_population": regions.population_rows(tree, as_of, rng[1]),
    }
    progress(0.12, "生成社区工作者")
    frames.update(workforce.build_workforce(plan, tree, as_of, rng[2], name_pools))
    frames["workers"]["grid_id"] = grids.worker_grids(tree, grid, frames["workers"], rng[WORKER_GRIDS])
    progress(0.2, "生成党员中心户")
    frames["party_households"] = grids.party_households(tree, grid, as_of, rng[GRIDS], name_pools)
    progress(0.22, "生成幸福合伙人")
    partners = services.build_partners(targets, tree, as_of, rng[3], name_pools, kinds_rng=rng[PARTNER_KINDS])
    partners["partners"]["recruitment_channel"] = pd.Categorical.from_codes(
        rng[PARTNER_KINDS].choice([0, 1, -1], size=len(partners["partners"]), p=[0.42, 0.52, 0.06]),
        categories=["线上招募", "线下挖掘"])
    frames.update(partners)
    progress(0.27, "生成民生难题")
    frames["livelihood_issues"] = services.build_issues(targets, tree, as_of, rng[4], partners)
    progress(0.32, "生成微心愿")
    frames["wishes"] = services.build_wishes(targets, tree, as_of, rng[5], partners)
    for table in ("livelihood_issues", "wishes"):
        community = np.asarray(frames[table]["community_id"].cat.codes)
        frames[table]["grid_id"] = grid.pick(rng[SERVICE_GRIDS], community, 0.85)
    progress(0.34, "生成居民需求和服务清单")
    frames.update(needs.build_needs(targets, tree, grid, partners, as_of, rng[NEEDS]))
    progress(0.35, "生成培训机制和胜任力测评")
    frames.update(mechanisms.build_mechanisms(targets, tree, grid, frames, as_of, rng[MECHANISMS]))
    frames["competency_scores"] = management.competency_scores(frames["workers"], as_of, rng[COMPETENCY])
    frames["secondments"] = management.secondments(targets, tree, frames["workers"], as_of, rng[MANAGEMENT])
    frames["assessment_outcomes"] = management.assessment_outcomes(
        frames["workers"], frames["assessments"], as_of, rng[MANAGEMENT])
    progress(0.38, "生成初心储蓄本积分")
    frames.update(services.build_points(targets, tree, as_of, rng[6], name_pools))
    return frames, plan


def _refuse_if_held(path: Path) -> None:
    """Raise database.DatabaseLocked when another process (the running app) has `path` open: a file
    put in its place would go unseen by that process, which keeps using and writing the old one."""
    if not path.exists():
        return
    try:
        database.open_database(path, read_only=True).close()
    except database.DatabaseLocked:
        raise
    except database.DatabaseError:
        pass  # not a dashboard database, an old version, or open in this process: replacing it is the point


def generate(
    targets: Targets,
    path: str | Path,
    seed: int = 1,
    as_of: dt.date = DEFAULT_AS_OF,
    progress: Progress = _silent,
) -> GenerationResult:
    """Build a complete database at `path`, replacing any file there only on success. A PostgreSQL
    URL gets the same rows, built in a temporary DuckDB file and copied in one transaction."""
    started = time.perf_counter()
    server = database.is_server(path)
    if server:
        build_dir = Path(tempfile.mkdtemp(prefix="cgw-generate-"))
        tmp = build_dir / "building.duckdb"
        scale = 0.6  # the rest of the bar is the copy into the server
    else:
        path = Path(path)
        _refuse_if_held(path)  # before minutes of work
        tmp = path.with_name(f".{path.name}.{os.getpid()}.building")
        scale = 1.0
    frames, plan = generate_frames(targets, seed, as_of, progress)
    for stale in (tmp, Path(str(tmp) + ".wal")):
        stale.unlink(missing_ok=True)
    weights = {t: max(1, len(frames[t])) for t in TABLE_ORDER}
    total = sum(weights.values())
    try:
        con = database.open_database(tmp)
        try:
            cur = con.cursor()
            cur.execute("BEGIN")
            done = 0
            for table in TABLE_ORDER:
                progress(0.4 + 0.55 * scale * done / total, f"写入{TABLE_ZH.get(table, table)} {len(frames[table]):,} 行")
                database.insert_frame(cur, table, frames[table])
                done += weights[table]
            info = {
                "dataset_name": targets.name,
                "preset": targets.name,
                "seed": str(seed),
                "as_of": as_of.isoformat(),
                "root_region": targets.root.code,
                "targets": json.dumps(asdict(targets), ensure_ascii=False, default=str),
                "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
            }
            cur.executemany("INSERT OR REPLACE INTO dataset_info VALUES (?, ?)", list(info.items()))
            cur.execute("COMMIT")
            cur.execute(
                "INSERT OR REPLACE INTO dataset_info VALUES ('generation_seconds', ?)",
                [f"{time.perf_counter() - started:.2f}"],
            )
            if server:
                def copying(f: float, table: str) -> None:
                    progress(0.4 + 0.55 * (scale + (1 - scale) * f), f"写入服务器：{TABLE_ZH.get(table, table)}")

                backends.replace_all(database.connect(path), con, TABLE_ORDER, copying)
            else:
                progress(0.97, "整理数据库文件")
                cur.execute("CHECKPOINT")
            cur.close()
        finally:
            con.close()
        if not server:
            database.close(path)
            _refuse_if_held(path)
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    finally:
        if server:
            shutil.rmtree(build_dir, ignore_errors=True)
    progress(1.0, "完成")
    rows = {t: len(frames[t]) for t in TABLE_ORDER}
    return GenerationResult(path, rows, time.perf_counter() - started, plan)
