"""The review page from its Jinja2 templates: with displaCy's text view, and without spaCy."""
from __future__ import annotations

import re

import pytest

from kehoach.pipeline import report
from kehoach.pipeline.report import plan_and_text, render_report
from conftest import SAMPLES
from test_report import Page

pytest.importorskip("spacy", reason="spacy is in the test extra")  # installed by CI (pip install .[test])


@pytest.fixture(scope="module")
def sample():
    return plan_and_text(SAMPLES / "ninh-thuan-2017-ttdn.txt")


def test_text_view_is_displacy_with_one_block_per_line(sample):
    plan, text = sample
    page = render_report(plan, text)
    parsed = Page(page)
    assert parsed.errors == []
    lines = text.split("\n")
    assert len([a for t, a in parsed.elements if t == "div" and a.get("class") == "t dc"]) == len(lines)
    blocks = len(parsed.with_class("div", "spans"))
    assert sum(1 for ln in lines if ln.strip()) <= blocks  # a heading is drawn apart from the rest of its line
    leads = {a.span.start for t in plan.tasks for a in t.assignments if a.role == "lead"}
    assert len(parsed.with_class("span", "dc-start")) >= len(leads)


def test_without_spacy_the_page_marks_the_text_itself(sample, monkeypatch):
    """spaCy is an optional extra: without it the same template shows the built-in highlights."""
    plan, text = sample
    monkeypatch.setattr(report, "_displacy_view", lambda plan, ids: None)
    page = render_report(plan, text)
    parsed = Page(page)
    assert parsed.errors == [] and not parsed.with_class("div", "dc")
    first = next(a for t in plan.tasks for a in t.assignments if a.role == "lead")
    assert re.search(r'<a class="hl u-lead" href="#task-\d+" title="[^"]*">' + re.escape(text[first.span.start:first.span.end]) + "</a>", page)
    assert len(parsed.with_class("span", "hd")) >= len(plan.sections)


def test_values_are_escaped_as_before(sample):
    """The templates escape every value with html.escape: quotes become &quot; and &#x27;."""
    plan, text = sample
    task = plan.tasks[0].model_copy(update={"title": "Đôn đốc \"Sở\" & 'Ban' <b>"})
    page = render_report(plan.model_copy(update={"tasks": [task, *plan.tasks[1:]]}), text)
    assert "Đôn đốc &quot;Sở&quot; &amp; &#x27;Ban&#x27; &lt;b&gt;" in page
    assert "<b>" not in page
