"""HTML → PDF with the system Chromium (headless --print-to-pdf), offline."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from cgw.outputs import browser

CHROMIUM = browser.PATH
TIMEOUT_S = 120


class PdfError(ValueError):
    """PDF printing failed; the message is for the user (a ValueError, so the CLI shows "错误：…")."""


def chromium_path() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else browser.find()
    if not found:
        raise PdfError("找不到 Chromium（/usr/bin/chromium）：生成 PDF 需要安装 Debian 软件包 chromium")
    return found


def html_to_pdf(html: str, out: str | Path) -> Path:
    """Print `html` to `out` (A4, the page's own @page margins, no browser header or footer)."""
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        src = Path(tmp) / "briefing.html"
        src.write_text(html, encoding="utf-8")
        target = Path(tmp) / "briefing.pdf"
        cmd = [
            chromium_path(), *browser.OFFLINE_ARGS, "--disable-extensions", "--disable-dev-shm-usage",
            # Offline by construction: every host name fails to resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=15000",  # let plotly draw every chart before printing
            f"--print-to-pdf={target}", src.as_uri(),
        ]  # fmt: skip
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium 生成 PDF 超时（{TIMEOUT_S} 秒）") from None
        if proc.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["无输出"]
            raise PdfError(f"Chromium 未能生成 PDF（退出码 {proc.returncode}）：{tail[0]}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(target), out)
    return out


def pdf_bytes(html: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="briefing-out-") as tmp:
        return html_to_pdf(html, Path(tmp) / "briefing.pdf").read_bytes()
