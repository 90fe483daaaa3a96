"""`cli.py bench --quick` runs the benchmark's code end to end on small data (correctness only:
timings are never asserted; the benchmark itself checks that the three KPI routes agree)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import pages
from tests.support import ROOT

pytestmark = pytest.mark.browser

EXPECTED = {
    "catalogue_vs_raw_sql", "pandas_vs_catalogue", "generator_vs_faker_loop", "generation_seconds",
    "import_vs_read_csv", "xlsx_preview_s", "overview_first_render_s", "overview_render_cached_s", "region_change_s",
    "app_peak_rss_mb", "slowest_page_first_render_s", "slowest_page_render_cached_s",
}  # fmt: skip


def test_quick_bench_reports_every_figure_as_json(tmp_path):
    done = subprocess.run(
        [sys.executable, "cli.py", "bench", "--quick", "--db", str(tmp_path / "bench.duckdb")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "CGW_BENCH_DIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert "figure" in lines[0]  # the readable table comes first
    summary = json.loads(lines[-1])  # then one JSON line with every figure
    assert EXPECTED <= set(summary)
    for key in EXPECTED - {"generation_seconds"}:
        figure = summary[key]
        assert figure["value"] > 0, key
        assert figure["met"] in (True, False), key
        assert figure["target"], key
    assert summary["generation_seconds"]["rows"] > 30_000
    assert [row["case"] for row in summary["scaling"]] == ["kuiwen ×1", "kuiwen ×2"]
    assert summary["scaling"][1]["rows"] > summary["scaling"][0]["rows"]
    assert isinstance(summary["all_targets_met"], bool)
    # Every dashboard page and data quality were opened and timed.
    assert set(summary["slowest_page_render_cached_s"]["pages_s"]) == {*pages.page_ids(dashboard_only=True), "quality"}
