"""`python -m devtools.screenshots`: every page of the app as a leader, an analyst and an
administrator see it, in headless Chromium, for looking at (not for asserting).

Each dashboard page at a district, a street and a community of the kuiwen demo, in five looks:
light, dark, English, 大屏 (1920×1080, what the wall shows without scrolling) and a 390 px phone; the
data and administration pages once, light, at the district. Full-length pages: the viewport is
grown to the page's height, since Streamlit scrolls an inner container, not the document. One
contact sheet per look and level puts them side by side (artifacts/screenshots/tour/sheet_*.png).

    python -m devtools.screenshots --db data/bench/kuiwen-x1-seed1.duckdb [--out DIR] [--only overview,services]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from cgw.outputs import browser as chromium
from cgw.storage import database
from devtools import app_server
from pages import ADMIN_PAGES, DASHBOARD_PAGES, DATA_PAGES

OUT = Path("artifacts/screenshots/tour")
LOOKS = {  # look -> (query string, viewport, browser context options)
    "light": ("", (1440, 1000), {}),
    "dark": ("", (1440, 1000), {"color_scheme": "dark"}),
    "english": ("lang=en", (1440, 1000), {}),
    "wall": ("big=1", (1920, 1080), {}),
    "phone": ("", (390, 844), {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}),
}
# The page is drawn: the script finished, no skeleton, every ECharts chart has its SVG.
READY_JS = """() => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelectorAll('[data-testid="stSkeleton"]').length) return false;
  if (!document.querySelector('h1')) return false;
  return [...document.querySelectorAll('[data-testid="stEChartsChart"]')].every(c => c.querySelector('svg path'));
}"""
HEIGHT_JS = """() => { const m = document.querySelector('[data-testid="stMain"]') || document.body;
  return Math.max(m.scrollHeight, document.body.scrollHeight); }"""


def levels(db_path: Path) -> dict[str, str]:
    """A district, its first street and that street's first community."""
    con = database.open_database(db_path, read_only=True)
    try:
        rows = dict(database.query_rows(con, "SELECT level::VARCHAR, min(region_id) FROM regions "
                                             "WHERE level IN ('district', 'street', 'community') GROUP BY 1"))
        street = database.query_rows(con, "SELECT min(region_id) FROM regions WHERE level = 'street'")[0][0]
        community = database.query_rows(con, "SELECT min(region_id) FROM regions WHERE parent_id = ?", [street])[0][0]
    finally:
        con.close()
    return {"district": rows["district"], "street": street, "community": community}


def shoot(context, url: str, path: Path, full: bool) -> None:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(READY_JS, timeout=90_000, polling=100)
    page.wait_for_timeout(1200)  # ECharts' entry animation
    if full:
        width = page.viewport_size["width"]
        page.set_viewport_size({"width": width, "height": min(12_000, int(page.evaluate(HEIGHT_JS)) + 40)})
        page.wait_for_timeout(600)
    page.screenshot(path=str(path))
    page.close()


def sheet(images: list[Path], out: Path, width: int = 420) -> None:
    """The images side by side, each scaled to `width`, titled by file name."""
    from PIL import Image, ImageDraw, ImageFont

    tiles = []
    for p in images:
        im = Image.open(p).convert("RGB")
        tiles.append((p.stem, im.resize((width, max(1, int(im.height * width / im.width))))))
    height = max(t.height for _, t in tiles) + 24
    canvas = Image.new("RGB", (width * len(tiles) + 8 * (len(tiles) - 1), height), "white")
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=14)
    for i, (name, tile) in enumerate(tiles):
        x = i * (width + 8)
        draw.text((x + 4, 4), name, fill="black", font=font)
        canvas.paste(tile, (x, 24))
    canvas.save(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a kuiwen demo database (copied: the original is not touched)")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--only", help="page ids, comma-separated")
    parser.add_argument("--looks", default=",".join(LOOKS))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="cgw-shots-"))
    db = work / "tour.duckdb"
    shutil.copy(args.db, db)
    places = levels(db)
    cookie = app_server.session_cookie(db, "tour-admin")
    only = set(args.only.split(",")) if args.only else None
    dashboards = [p for p in DASHBOARD_PAGES if only is None or p.id in only]
    others = [p for p in (*DATA_PAGES, *ADMIN_PAGES) if only is None or p.id in only]
    from playwright.sync_api import sync_playwright

    with app_server.running_app(db) as (base, _), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium.find(), args=chromium.OFFLINE_ARGS)
        for look in args.looks.split(","):
            query, (w, h), options = LOOKS[look]
            context = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN", **options)
            context.add_cookies([cookie])
            for level, region in places.items():
                shots = []
                for p in dashboards:
                    params = "&".join(x for x in (f"region={region}", query) if x)
                    path = out / f"{look}_{level}_{p.id}.png"
                    shoot(context, f"{base}/{p.id}?{params}", path, full=look != "wall")
                    shots.append(path)
                    print(path, flush=True)
                sheet(shots, out / f"sheet_{look}_{level}.png")
            if look == "light":
                shots = []
                for p in others:
                    path = out / f"light_data_{p.id}.png"
                    shoot(context, f"{base}/{p.id}", path, full=True)
                    shots.append(path)
                    print(path, flush=True)
                if shots:
                    sheet(shots, out / "sheet_light_data.png")
            context.close()
        browser.close()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
