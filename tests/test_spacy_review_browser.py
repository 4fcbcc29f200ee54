"""The review page's full text in displaCy's span view, checked in headless Chromium on every
dev-corpus document: every span drawn in its colour with a label that links to its item, no
word of the text lost, overlapping spans stacked apart, nothing loaded from anywhere."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy", reason="spacy is in the test extra")  # installed by CI (pip install .[test])

from kehoach.pipeline import report  # noqa: E402
from kehoach.pipeline.report import plan_and_text, render_report  # noqa: E402
from kehoach.spacy_component.displacy_view import COLOURS  # noqa: E402
from conftest import FIXTURES  # noqa: E402
from test_browser_e2e import browser, page  # noqa: E402,F401  (the same Chromium fixtures)

pytestmark = pytest.mark.browser

DEV = sorted((FIXTURES / "dev").glob("*.txt"))

MEASURE = """() => {
  const out = {lead: 0, support: 0, other: 0, ref: 0, dl: 0, hrefs: [], colours: {}, stacked: 0, lines: {}};
  for (const a of document.querySelectorAll('#text .dc-label a.hl')) {
    const cls = ['u-lead', 'u-support', 'u-other', 'ref', 'dl'].find(c => a.classList.contains(c));
    out[{'u-lead': 'lead', 'u-support': 'support', 'u-other': 'other', 'ref': 'ref', 'dl': 'dl'}[cls]] += 1;
    out.hrefs.push(a.getAttribute('href'));
    const slice = a.closest('.dc-start');
    out.colours[getComputedStyle(slice).backgroundColor] = cls;
  }
  for (const tok of document.querySelectorAll('#text .dc-tok')) {
    const tops = [...tok.children].filter(c => c.classList.contains('dc-slice')).map(c => c.style.top);
    if (tops.length > 1) { out.stacked += 1; if (new Set(tops).size !== tops.length) out.collided = tok.textContent; }
  }
  for (const line of document.querySelectorAll('#text .l')) {
    const t = line.querySelector('.t').cloneNode(true);
    t.querySelectorAll('.dc-start, .anchor').forEach(e => e.remove());
    out.lines[line.id] = t.textContent.replace(/\\s+/g, '');
  }
  return out;
}"""


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The review page of every dev document (the graph left out: it is not what is looked at here)."""
    folder = tmp_path_factory.mktemp("dc")
    made = []
    original = report._graph
    report._graph = lambda plan, work_dir: {"svg": "", "missing": "left out of this test"}
    try:
        for source in DEV:
            plan, text = plan_and_text(source)
            path = folder / f"{source.stem}.html"
            path.write_text(render_report(plan, text), encoding="utf-8")
            made.append((path, plan, text))
    finally:
        report._graph = original
    return made


def test_displacy_view_of_every_dev_document(page, pages):  # noqa: F811
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    stacked = 0
    drawn = {"lead": 0, "support": 0, "ref": 0, "dl": 0}
    for path, plan, text in pages:
        requests.clear()
        page.goto(path.as_uri())
        got = page.evaluate(MEASURE)
        roles = {(a.span.start, a.span.end, a.role) for t in plan.tasks for a in t.assignments}
        assigned = {(a.span.start, a.span.end, a.unit_id) for t in plan.tasks for a in t.assignments}
        mentions = {(m.start, m.end, u.id) for u in plan.units for m in u.mentions} - assigned
        deadlines = {(t.deadline.span.start, t.deadline.span.end) for t in plan.tasks if t.deadline and t.deadline.span}
        # a span that runs past its line's end is drawn on each of its lines
        assert got["lead"] >= sum(1 for r in roles if r[2] == "lead"), path.name
        assert got["support"] >= sum(1 for r in roles if r[2] == "support"), path.name
        assert got["other"] >= sum(1 for r in roles if r[2] not in ("lead", "support")) + len(mentions), path.name
        assert got["ref"] >= sum(len(r.mentions) for r in plan.legal_refs), path.name
        assert got["dl"] >= len(deadlines), path.name
        ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        assert {h[1:] for h in got["hrefs"]} <= ids, path.name
        for colour, cls in got["colours"].items():
            assert colour == rgb(COLOURS[cls]), (path.name, cls)
        assert "collided" not in got, (path.name, got.get("collided"))
        stacked += got["stacked"]
        for key in drawn:
            drawn[key] += got[key]
        # no word of the text is lost or added
        lines = text.split("\n")
        assert len(got["lines"]) == len(lines)
        for n, line in enumerate(lines, 1):
            assert got["lines"][f"L{n}"] == "".join(line.split()), (path.name, n)
        assert all(u.startswith(("file:", "data:")) for u in requests), requests
        assert page.errors == []
    assert min(drawn.values()) > 0, drawn
    assert stacked > 0  # overlapping spans occur in the corpus, and were drawn on separate rows
