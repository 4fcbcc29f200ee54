"""End-to-end in a real headless Chromium (issue 8): the report's filter, `kehoach serve` upload,
XLSX download, bad-file message, and screenshots at desktop and phone width.

Runs Debian's /usr/bin/chromium (or $KEHOACH_CHROMIUM) through Playwright; Playwright never
downloads a browser here. A missing browser is a failure with the install command, not a skip:
these tests are part of CI (`pytest -m browser` runs only them).
Screenshots go to tests/artifacts/ (ignored by git through its own .gitignore).
"""
from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach.pipeline.report import plan_and_text, render_report
from kehoach.pipeline.run import extract_plan
from conftest import SAMPLES, wait_for_server

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("KEHOACH_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).parent / "artifacts"
SAMPLE = SAMPLES / "ninh-thuan-2017-ttdn.txt"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    ignore = ARTIFACTS / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    return ARTIFACTS


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: these tests need Debian's browser (apt-get install -y chromium), "
                    "or set KEHOACH_CHROMIUM to a Chromium binary", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ModuleNotFoundError:
        pytest.fail("playwright is missing: pip install playwright (no browser download needed)", pytrace=False)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=ARGS, viewport=DESKTOP, accept_downloads=True
        )
        yield context
        context.close()


@pytest.fixture()
def page(browser):
    page = browser.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    yield page
    page.close()


def screenshots(page, name: str, at: str | None = None) -> None:
    """Viewport and full-page screenshots at desktop and phone width; `at` scrolls to a selector first."""
    out = artifacts()
    for label, size in (("1280x800", DESKTOP), ("375x812", PHONE)):
        page.set_viewport_size(size)
        if at:
            page.locator(at).scroll_into_view_if_needed()
            page.evaluate("sel => document.querySelector(sel).scrollIntoView()", at)
        else:
            page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(out / f"{name}-{label}.png"))
        page.screenshot(path=str(out / f"{name}-{label}-full.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def visible_task_ids(page) -> list[str]:
    return page.eval_on_selector_all("#task-table tbody tr:not([hidden]) .tid", "els => els.map(e => e.textContent)")


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> tuple[Path, object]:
    plan, text = plan_and_text(SAMPLE)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(plan, text), encoding="utf-8")
    return path, plan


def test_report_filter_by_unit(page, report_file):
    path, plan = report_file
    page.goto(path.as_uri())
    assert visible_task_ids(page) == [t.id for t in plan.tasks]
    busiest = max({u for t in plan.tasks for u in t.lead_units},
                  key=lambda u: sum(u in t.lead_units for t in plan.tasks))
    involved = [t.id for t in plan.tasks
                if busiest in t.lead_units + t.support_units + [a.unit_id for a in t.assignments]]
    leads = [t.id for t in plan.tasks if busiest in t.lead_units]
    assert 0 < len(leads) < len(plan.tasks)

    page.focus("#f-unit")  # keyboard-reachable, labelled
    page.select_option("#f-unit", busiest)
    assert visible_task_ids(page) == involved
    assert page.inner_text("#f-count").startswith(f"{len(involved)} / {len(plan.tasks)}")
    page.select_option("#f-role", "lead")
    assert visible_task_ids(page) == leads
    screenshots(page, "report-filtered", at="#tasks")
    page.click("#f-reset")
    assert len(visible_task_ids(page)) == len(plan.tasks)
    assert page.errors == []  # no script error, no blocked resource


def test_report_sort_search_and_workload_link(page, report_file):
    path, plan = report_file
    page.goto(path.as_uri())
    page.click("#task-table th:nth-child(5) button")  # Thời hạn (deadline)
    assert page.get_attribute("#task-table th:nth-child(5)", "aria-sort") == "ascending"
    dated = [t.id for t in sorted((t for t in plan.tasks if t.deadline and t.deadline.due), key=lambda t: t.deadline.due)]
    assert visible_task_ids(page)[: len(dated)] == dated
    page.fill("#f-q", "Sở Tài chính")
    assert 0 < len(visible_task_ids(page)) < len(plan.tasks)
    page.click("#f-reset")
    first = page.locator("#workload button.unitbtn").first
    unit = first.get_attribute("data-unit")
    first.click()
    assert page.input_value("#f-unit") == unit
    assert page.errors == []


def test_report_screenshots(page, report_file):
    path, _ = report_file
    page.goto(path.as_uri())
    screenshots(page, "report")
    page.goto(path.as_uri() + "#text")
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts() / "report-text-375x812.png"))
    assert page.errors == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_command(port: int) -> list[str]:
    """`kehoach serve`, through the CLI once it has the command, else through `register` directly."""
    from kehoach.pipeline.cli import build_parser

    try:
        with contextlib.redirect_stderr(io.StringIO()):
            build_parser().parse_args(["serve", "--port", "1"])
        return [sys.executable, "-m", "kehoach", "serve", "--port", str(port), "--max-upload-mb", "2"]
    except SystemExit:
        code = ("import argparse,sys; from kehoach.pipeline.serve import register; p=argparse.ArgumentParser('kehoach'); "
                "register(p.add_subparsers()); a=p.parse_args(sys.argv[1:]); sys.exit(a.func(a))")
        return [sys.executable, "-c", code, "serve", "--port", str(port), "--max-upload-mb", "2"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`kehoach serve` on a free port, with its own TMPDIR and an empty working folder."""
    port = free_port()
    base = tmp_path_factory.mktemp("serve")
    tmp, cwd = base / "tmp", base / "cwd"
    tmp.mkdir()
    cwd.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), MPLCONFIGDIR=str(base / "mpl"), PYTHONPATH=str(Path(__file__).parents[1]))
    proc = subprocess.Popen(_serve_command(port), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    wait_for_server(proc, port, "kehoach serve")
    yield url, tmp, cwd
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def server_files(tmp: Path, cwd: Path) -> list[Path]:
    """Files the server left in its temporary folder or its working folder."""
    own = [p for d in tmp.glob("kehoach-serve-*") for p in d.rglob("*")]
    return own + list(cwd.rglob("*"))


def sample_upload(tmp_path: Path) -> tuple[Path, int]:
    """The sample as .docx when the Word reader exists (as the issue asks), else as .txt; and its task count."""
    from tests.test_serve import has_docx_reader, write_sample_docx

    path = write_sample_docx(tmp_path / "ninh-thuan.docx") if has_docx_reader() else SAMPLE
    return path, len(extract_plan(path).tasks)


def test_serve_upload_count_and_xlsx(page, server, tmp_path):
    url, tmp, cwd = server
    path, count = sample_upload(tmp_path)
    page.goto(url)
    screenshots(page, "serve-home")
    page.set_input_files("#file", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#f-count")
    assert page.inner_text("#f-count").startswith(f"{count} / {count} nhiệm vụ")
    assert server_files(tmp, cwd) == []
    screenshots(page, "serve-report")

    from kehoach.pipeline.export import EXPORTERS

    if "xlsx" in EXPORTERS:
        openpyxl = pytest.importorskip("openpyxl")
        with page.expect_download() as info:
            page.click("form.exports button[value=xlsx]")
        book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
        assert book.worksheets and book.worksheets[0].max_row > 1
        assert info.value.suggested_filename.endswith(".xlsx")
    assert server_files(tmp, cwd) == []
    assert page.errors == []


def test_serve_bad_file_message(page, server, tmp_path):
    url, tmp, cwd = server
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01\x02\x03\xff\xfe" * 100)
    page.goto(url)
    page.set_input_files("#file", str(bad))
    page.click("#upload-form button[type=submit]")
    alert = page.wait_for_selector("#message")
    assert "scan.txt: binary" in alert.inner_text()
    screenshots(page, "serve-error")
    assert server_files(tmp, cwd) == []


def test_serve_oversize_checked_in_the_page(page, server, tmp_path):
    url, _, _ = server
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (3 * 1024 * 1024))  # over --max-upload-mb 2
    page.goto(url)
    page.set_input_files("#file", str(big))
    page.click("#upload-form button[type=submit]")
    assert "Tệp quá lớn" in page.inner_text("#upload-error")
