"""The region sweep (tests/pages/test_pages.py): every dashboard page for every region and every
period grain, in AppTest, one session per page rerun for each view (the cached metric results are
shared, as in the running app).

`sweep` runs in worker processes: each copies the database (DuckDB lets one process open a file)
and returns one record per view. A record says whether the page raised, and whether every chart
slot (a "#####" title) shows a chart or an empty state that says why.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Words an empty state uses to say why nothing is shown.
WHY = ("没有", "暂无", "最小一级", "尚未", "尚无", "no ", "No ", "lowest level", "empty")


@dataclass(frozen=True)
class View:
    page: str
    region: str
    grain: str
    error: str | None  # the exception's message
    titles: int  # chart slots
    charts: int
    empty: int  # empty states (st.info)
    unexplained: tuple[str, ...]  # empty states that do not say why
    seconds: float


def sweep(db: str, page_ids: list[str], regions: list[str], grains: list[str]) -> list[View]:
    """Every page of `page_ids` for every region and grain (all sections of a page at once)."""
    from cgw.webui import layout
    from tests.support import app_test, reset_streamlit

    with tempfile.TemporaryDirectory(prefix="sweep-") as tmp:
        own = Path(tmp) / "sweep.duckdb"
        shutil.copy(db, own)
        out = []
        reset_streamlit()
        for page in page_ids:  # one session per page; the metric caches stay warm across pages
            at = app_test(own, page=None if page == "overview" else page, timeout=120)
            at.session_state[layout.EVERY_SECTION] = True
            for region in regions:
                for grain in grains:
                    at.session_state["region"] = region
                    at.session_state["grain"] = grain
                    start = time.perf_counter()
                    at.run()
                    seconds = time.perf_counter() - start
                    error = at.exception[0].message if at.exception else None
                    titles = sum(1 for m in at.markdown if str(m.value).startswith("##### "))
                    infos = [str(i.value) for i in at.info]
                    out.append(View(page, region, grain, error, titles, len(at.get("echarts_chart")), len(infos),
                                    tuple(i for i in infos if not any(w in i for w in WHY)), seconds))
        reset_streamlit()
    return out
