"""A killed import leaves its transcoded copy behind; the next import removes it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from cgw.ingest import importer
from cgw.ingest.importer import reading
from cgw.storage import database


def test_a_dead_imports_temp_file_is_removed_and_a_live_ones_kept(kuiwen_copy):
    folder = Path(reading._TEMP_DIR or tempfile.gettempdir())
    dead = folder / f"{reading._TEMP_PREFIX}999999999_abc.csv"  # no such process
    live = folder / f"{reading._TEMP_PREFIX}1_abc.csv"  # pid 1 always exists
    dead.write_bytes(b"x")
    live.write_bytes(b"x")
    try:
        csv = "社区代码,年份,常住人口,户数\n370705001001,2019,5000,2000\n".encode("gbk")
        con = database.connect(kuiwen_copy)
        importer.preview(con, "region_population", csv, file_name="人口.csv")
        assert not dead.exists()
        assert live.exists()
    finally:
        dead.unlink(missing_ok=True)
        live.unlink(missing_ok=True)
