"""Offline: pages, report and generator with outbound network blocked; not one non-loopback attempt.

In this process a socket guard (tests/support/robust.NetGuard: socket connect / connect_ex / sendto,
create_connection, getaddrinfo, gethostbyname) records and refuses every attempt to reach a
non-loopback address while every page runs under AppTest, the briefing is written as HTML and PDF
(cgw/outputs/report and `cli.py report`), the kpis command runs and the generator builds a dataset. The
Chromium that prints the PDF writes a NetLog, which is read for requests too.

The real server runs with a sitecustomize.py guard on its PYTHONPATH (records attempts to a file),
and a headless Chromium (tests/support/__init__.py flags, plus a NetLog) opens every page and the HTML
briefing with a Playwright route handler that records and aborts any non-loopback request.

Run `pytest tests/test_robust_offline.py -s` to see the figures.
"""

from __future__ import annotations

import re
import shutil
import socket
import stat
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import cli
import pages
from cgw.ingest.generator import build, targets
from cgw.outputs import report
from cgw.storage import database
from tests import support
from tests.support import robust as robust_support
from tests.support.robust import NetGuard

PAGES = [(p.id, p.heading()) for p in pages.ALL_PAGES]


def test_the_guard_records_and_refuses_non_loopback_attempts_only():
    """The guard itself: otherwise "no attempt recorded" would prove nothing."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        with NetGuard() as guard:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                pass
            socket.getaddrinfo("localhost", port)
            with pytest.raises(OSError):
                socket.create_connection(("192.0.2.1", 80), timeout=2)
            with pytest.raises(OSError), socket.socket() as s:
                s.connect(("10.0.0.1", 443))
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                assert s.connect_ex(("8.8.8.8", 53)) != 0
            with pytest.raises(socket.gaierror):
                socket.getaddrinfo("cdn.plot.ly", 443)
    assert [a[0] for a in guard.attempts] == ["create_connection", "connect", "connect_ex", "getaddrinfo"]
    assert robust_support.is_loopback("::1") and robust_support.is_loopback("::ffff:127.0.0.1")
    assert not robust_support.is_loopback("0.0.0.0") and not robust_support.is_loopback("example.com")


def _netlog_chromium(folder: Path) -> Path:
    """A wrapper around the system Chromium that writes a NetLog per run into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    wrapper = folder / "chromium-with-netlog"
    wrapper.write_text(f'#!/bin/sh\nexec {support.CHROMIUM} --log-net-log="{folder}/netlog-$$.json" '
                       f'--net-log-capture-mode=Default "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return wrapper


def test_pages_report_cli_and_generator_make_no_outbound_attempt(kuiwen_copy, fresh_streamlit, tmp_path, monkeypatch, capsys):
    from cgw.outputs.report import pdf

    monkeypatch.setattr(pdf, "CHROMIUM", str(_netlog_chromium(tmp_path / "netlogs")))
    figures = {}
    with NetGuard() as guard:
        for page, _ in PAGES:
            support.reset_streamlit()
            at = support.app_test(kuiwen_copy, page=page)
            at.run()
            assert not at.exception, (page, at.exception)
        figures["pages"] = len(PAGES)
        support.reset_streamlit()
        con = database.connect(kuiwen_copy)
        html = report.write(con, tmp_path / "briefing.html")
        pdf_file = report.write(con, tmp_path / "briefing.pdf")
        database.close(kuiwen_copy)
        for out in ("cli_briefing.html", "cli_briefing.pdf"):
            assert cli.main(["report", "--db", str(kuiwen_copy), "--out", str(tmp_path / out)]) == 0
        assert cli.main(["kpis", "--db", str(kuiwen_copy), "--format", "json"]) == 0
        capsys.readouterr()
        generated = build.generate(targets.KUIWEN, tmp_path / "generated.duckdb", seed=3)
        assert cli.main(["demo", "--preset", "hongtong", "--db", str(tmp_path / "cli_demo.duckdb"), "--quiet"]) == 0
    capsys.readouterr()
    assert html.stat().st_size > 100_000 and pdf_file.read_bytes()[:4] == b"%PDF"
    assert (tmp_path / "cli_briefing.pdf").read_bytes()[:4] == b"%PDF" and generated.total_rows > 10_000
    # The HTML briefing references nothing outside the file (plotly is embedded).
    text = html.read_text(encoding="utf-8")
    assert re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", text) == []
    assert re.findall(r"@import\s+(?:url\()?[\"']?(?:https?:)?//", text) == []
    netlogs = sorted((tmp_path / "netlogs").glob("netlog-*.json"))
    requests, page_external, browser_external = [], [], []
    for log in netlogs:
        a, b, c = robust_support.netlog_requests(log)
        requests += a
        page_external += b
        browser_external += c
    print(f"\n[offline] in-process guard: {figures['pages']} pages (AppTest), briefing HTML + PDF via cgw/outputs/report and "
          f"cli.py report, cli.py kpis, generator and cli.py demo: {len(guard.attempts)} non-loopback attempts")
    print(f"[offline] PDF Chromium NetLogs: {len(netlogs)} runs, {len(requests)} URL requests "
          f"({sum(u.startswith('file:') for u in requests)} file:), requests by the page to other hosts: "
          f"{len(page_external)}; Chromium's own background requests: {', '.join(sorted({urlsplit(u).hostname for u in browser_external})) or 'none'}")
    assert guard.attempts == []
    assert len(netlogs) == 2 and requests
    assert page_external == []


@pytest.mark.browser
def test_the_served_app_and_the_browser_reach_nothing_beyond_loopback(kuiwen_db, tmp_path, browser):
    path = tmp_path / "served.duckdb"
    database.close(kuiwen_db)
    shutil.copy(kuiwen_db, path)
    log = tmp_path / "server_guard.jsonl"
    env = robust_support.guard_site_dir(tmp_path / "site", log)
    netlog = tmp_path / "browser_netlog.json"
    html = report.write(database.connect(kuiwen_db), tmp_path / "briefing.html")
    local, blocked = [], []

    def route(r):
        url = r.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "file") or robust_support.is_loopback(parts.hostname):
            local.append(url)
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    # A second Chromium (with a NetLog) from the session's Playwright: one Playwright per thread.
    with support.running_app(path, extra_env=env) as url:
        logged = browser.browser_type.launch(
            executable_path=support.CHROMIUM,
            args=support.CHROMIUM_ARGS + [f"--log-net-log={netlog}", *robust_support.NETLOG_ARGS])
        try:
            context = support.new_context(logged, url, viewport={"width": 1440, "height": 2400})
            context.route("**/*", route)
            page = context.new_page()
            page.goto(url)
            support.wait_for_app(page)
            for name, title in PAGES:
                page.goto(f"{url}/{name}")
                support.chromium_page_ready(page, title)
            page.goto(html.as_uri())
            page.wait_for_function("() => document.querySelectorAll('.main-svg').length > 3", timeout=30_000)
            charts = page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
        finally:
            logged.close()
    installed, attempts = robust_support.read_guard_log(log)
    requests, page_external, browser_external = robust_support.netlog_requests(netlog)
    print(f"\n[offline] served app: guard installed in {len(installed)} process(es) "
          f"({', '.join(' '.join(i['argv'])[-30:] for i in installed)}); non-loopback attempts by the server: {len(attempts)}")
    print(f"[offline] Chromium: {len(PAGES)} pages + the HTML briefing ({charts} charts drawn offline); requests routed: "
          f"{len(local)} loopback/file, {len(blocked)} to other hosts (aborted); NetLog: {len(requests)} requests, "
          f"{len(page_external)} by pages to other hosts; Chromium's own background requests: "
          f"{', '.join(sorted({urlsplit(u).hostname for u in browser_external})) or 'none'}")
    for u in sorted(set(blocked)):
        print(f"    aborted: {u} (asked for by a page of the app)")
    assert any("app.py" in " ".join(i["argv"]) for i in installed)
    assert attempts == []
    assert blocked == []
    assert page_external == []
    assert len(local) > 20 and charts >= 4
