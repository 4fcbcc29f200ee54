"""The collection page of `kehoach serve --db` in headless Chromium: search tasks across plans by
unit, role, due date and words, page through them, open a plan's review page.

Uses the browser fixture of tests/test_browser_e2e.py (Debian's /usr/bin/chromium through
Playwright; a missing browser is a failure, not a skip).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach.collection.db import fold_text
from kehoach.collection.index import run_index
from kehoach.pipeline.run import extract_plan
from conftest import FIXTURES, SAMPLES, wait_for_server
from test_browser_e2e import browser, free_port, page, screenshots  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

FILES = sorted((FIXTURES / "collection").glob("*.txt")) + [SAMPLES / "ninh-thuan-2017-ttdn.txt",
                                                          SAMPLES / "hanoi-310-kh-ubnd-2025-ha-tang-5g.txt"]


@pytest.fixture(scope="module")
def collection_server(tmp_path_factory):

    base = tmp_path_factory.mktemp("collection-serve")
    db = base / "kehoach.db"
    assert run_index([str(f) for f in FILES], db, jobs=1, quiet=True).indexed == len(FILES)
    port = free_port()
    env = dict(os.environ, TMPDIR=str(base), MPLCONFIGDIR=str(base / "mpl"), PYTHONPATH=str(Path(__file__).parents[1]))
    proc = subprocess.Popen([sys.executable, "-m", "kehoach", "serve", "--port", str(port), "--db", str(db)],
                            cwd=base, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_for_server(proc, port, "kehoach serve --db")
    yield f"http://127.0.0.1:{port}", {f.name: extract_plan(f) for f in FILES}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _rows(page) -> int:
    return page.locator("#results tbody tr").count()


def test_search_by_unit_role_and_words_then_open_the_plan(page, collection_server):  # noqa: F811
    url, plans = collection_server
    page.goto(f"{url}/collection")
    total = sum(len(p.tasks) for p in plans.values())
    assert page.inner_text("#count").startswith(f"{total} nhiệm vụ")
    assert _rows(page) == min(total, 50)

    # Typed without diacritics, as on a phone keyboard.
    page.fill("#unit", "so tai chinh")
    page.select_option("#role", "lead")
    page.click("#search")
    page.wait_for_load_state()
    leads = [(n, t) for n, p in plans.items() for t in p.tasks
             if any(a.unit_id == "so-tai-chinh" and a.role == "lead" for a in t.assignments)]
    assert 0 < len(leads) <= 50
    assert page.inner_text("#count").startswith(f"{len(leads)} nhiệm vụ")
    assert _rows(page) == len(leads)
    assert page.input_value("#unit") == "so tai chinh" and page.input_value("#role") == "lead"
    screenshots(page, "collection-search", at="#results")

    page.fill("#q", "ngan sach")
    page.click("#search")
    page.wait_for_load_state()
    words = [(n, t) for n, t in leads if {"ngan", "sach"} <= set(re.findall(r"\w+", fold_text(t.text)))]
    assert words
    assert page.inner_text("#count").startswith(f"{len(words)} nhiệm vụ")

    page.fill("#q", "")
    page.click("#search")
    page.wait_for_load_state()
    first_file = page.locator("#results tbody tr").first.locator(".note").inner_text()
    page.locator("#results tbody tr a").first.click()
    page.wait_for_load_state()
    name = Path(first_file.split(",")[0]).name
    assert page.locator("#task-table tbody tr").count() == len(plans[name].tasks)
    page.click("#back")
    page.wait_for_load_state()
    assert page.url.endswith("/collection")
    assert page.errors == []


def test_due_date_filter_and_paging(page, collection_server):  # noqa: F811
    url, plans = collection_server
    dues = sorted(t.deadline.due for p in plans.values() for t in p.tasks if t.deadline and t.deadline.due)
    cut = dues[-1]
    due = sum(1 for p in plans.values() for t in p.tasks if t.deadline and t.deadline.due and t.deadline.due <= cut)
    page.goto(f"{url}/collection")
    page.fill("#due_before", cut)
    page.click("#search")
    page.wait_for_load_state()
    assert page.inner_text("#count").startswith(f"{due} nhiệm vụ")
    total = sum(len(p.tasks) for p in plans.values())
    assert total > 50
    page.goto(f"{url}/collection")
    seen = _rows(page)
    while page.locator("#next").count():
        page.click("#next")
        page.wait_for_load_state()
        seen += _rows(page)
    assert seen == total
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{url}/collection?unit=UBND+t%E1%BB%89nh")
    assert _rows(page) > 0
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.errors == []
