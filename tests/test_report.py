"""The review page (issue 8): structure, escaping, every task present, filters, links, the CLI."""
from __future__ import annotations

import argparse
import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kehoach.pipeline.normalize import normalize
from kehoach.pipeline.report import SCRIPT, _Mark, _render_line, plan_and_text, register, render_report
from kehoach.pipeline.run import extract_plan
from conftest import FOOTER, HEADER, SAMPLES

VOID = {"meta", "br", "input", "img", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}


class Page(HTMLParser):
    """Collects what the tests look at, and every nesting error on the way."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.options: dict[str, list[str]] = {}
        self._select: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a":
            if "a" in self.stack:
                self.errors.append(f"nested <a> at {self.getpos()}")
            self.hrefs.append(a.get("href", ""))
        if tag == "select":
            self._select = a.get("id")
            self.options[self._select] = []
        if tag == "option" and self._select:
            self.options[self._select].append(a.get("value", ""))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}> at {self.getpos()}")
            return
        self.stack.pop()
        if tag == "select":
            self._select = None

    def with_class(self, tag: str, cls: str) -> list[dict]:
        return [a for t, a in self.elements if t == tag and cls in (a.get("class") or "").split()]


@pytest.fixture(scope="module")
def sample():
    plan, text = plan_and_text(SAMPLES / "ninh-thuan-2017-ttdn.txt")
    return plan, text, render_report(plan, text)


@pytest.fixture(scope="module")
def parsed(sample) -> Page:
    return Page(sample[2])


def test_page_is_well_formed_and_self_contained(sample, parsed):
    html_text = sample[2]
    assert html_text.startswith("<!DOCTYPE html>")
    assert parsed.errors == [] and parsed.stack == []
    assert len(parsed.ids) == len(set(parsed.ids)), "duplicate ids"
    # No network: nothing is loaded from a URL, and the policy forbids it anyway.
    assert not re.search(r'(src|href|action)="(https?:)?//', html_text)
    assert "<link" not in html_text and "@import" not in html_text
    assert "default-src 'none'" in csp_of(parsed)


def csp_of(page: Page) -> str:
    return next(a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")


def test_script_runs_only_by_its_hash(sample, parsed):
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp_of(parsed)
    assert sample[2].count("<script>") == 1
    assert " onclick=" not in sample[2] and " onchange=" not in sample[2]


def test_every_internal_link_has_a_target(parsed):
    targets = {h[1:] for h in parsed.hrefs if h.startswith("#")}
    assert targets - set(parsed.ids) == set()


def test_every_task_has_a_row(sample, parsed):
    plan, _, html_text = sample
    rows = [a for t, a in parsed.elements if t == "tr" and "data-idx" in a]
    assert len(rows) == len(plan.tasks) == 19
    for task in plan.tasks:
        assert f'<span class="tid">{task.id}</span>' in html_text
    assert f"{len(plan.tasks)} nhiệm vụ" in html_text


def test_unit_filter_lists_every_lead_and_support_unit(sample, parsed):
    plan = sample[0]
    options = parsed.options["f-unit"]
    assert options[0] == ""  # "all units"
    leads = {u for t in plan.tasks for u in t.lead_units}
    supports = {u for t in plan.tasks for u in t.support_units}
    assert leads and leads <= set(options)
    assert supports <= set(options)
    assert len(options) == len(set(options))
    assert parsed.options["f-role"] == ["any", "lead", "support"]


def test_filters_have_labels(parsed):
    labelled = {a.get("for") for t, a in parsed.elements if t == "label"}
    for control in ("f-unit", "f-role", "f-q", "f-sort"):
        assert control in labelled


def test_rows_carry_the_units_the_filter_matches(sample, parsed):
    plan = sample[0]
    rows = [a for t, a in parsed.elements if t == "tr" and "data-idx" in a]
    for task, row in zip(plan.tasks, rows):
        assert row["data-lead"].split() == task.lead_units
        assert row["data-support"].split() == task.support_units


def test_lead_and_support_highlights_link_to_their_task(sample, parsed):
    plan = sample[0]
    lead_links = {a["href"] for a in parsed.with_class("a", "u-lead")}
    support_links = {a["href"] for a in parsed.with_class("a", "u-support")}
    # Where one unit heading assigns several tasks, the mark links to the first of them.
    first: dict[tuple, str] = {}
    for i, task in enumerate(plan.tasks, 1):
        for a in task.assignments:
            first.setdefault((a.span.start, a.span.end, a.role), f"#task-{i}")
    for task in plan.tasks:
        for a in task.assignments:
            links = {"lead": lead_links, "support": support_links}.get(a.role)
            if links is not None:
                assert first[(a.span.start, a.span.end, a.role)] in links, (task.id, a.text)
    # Colour is not the only signal: badges and border styles differ too.
    assert '.hl.u-lead::before{content:"CT"' in sample[2] and '.hl.u-support::before{content:"PH"' in sample[2]


def test_legal_references_and_deadlines_are_highlighted(sample, parsed):
    plan = sample[0]
    ref_links = {a["href"] for a in parsed.with_class("a", "ref")}
    assert len(ref_links) == len(plan.legal_refs)
    deadlines = [t for t in plan.tasks if t.deadline and t.deadline.span]
    assert deadlines and len(parsed.with_class("a", "dl")) >= len(deadlines)
    assert len(parsed.with_class("span", "hd")) >= len(plan.sections)


def test_findings_link_to_their_line(sample, parsed):
    plan, _, html_text = sample
    assert plan.findings
    for f in plan.findings:
        assert f.line and f'href="#L{f.line}"' in html_text
    items = [a for t, a in parsed.elements if t == "li" and a.get("id", "").startswith("finding-")]
    assert len(items) == len(plan.findings)


def test_document_header(sample):
    html_text = sample[2]
    for value in ("KẾ HOẠCH", "DỰ THẢO (draft)", "Lê Văn Bình", "Ủy ban nhân dân tỉnh Ninh Thuận", "KT. CHỦ TỊCH"):
        assert value in html_text
    assert "(để trống — blank)" in html_text  # the sample leaves its number and date blank


def test_graph_is_embedded_or_explained(sample):
    html_text = sample[2]
    try:
        import kehoach.pipeline.export.svg_export  # noqa: F401
    except ModuleNotFoundError:
        assert "Chưa có sơ đồ" in html_text
    else:
        assert 'src="data:image/svg+xml;base64,' in html_text


def test_print_and_phone_styles(sample):
    assert "@media print" in sample[2] and "@media (max-width:700px)" in sample[2]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in sample[2]


# Untrusted text: markup in the document, the file name or a unit name must come out as text.
HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea></style><!--",
]


def test_markup_in_the_document_is_escaped():
    body = (
        "I. NHIỆM VỤ\n\n"
        f"1. Tuyên truyền {HOSTILE[0]} về {HOSTILE[1]} và {HOSTILE[2]}\n"
        "Đơn vị chủ trì: Sở Thông tin và Truyền thông <b>.\n"
        "Đơn vị phối hợp: Sở Tư pháp.\n"
        "Thời gian thực hiện: trước ngày 30/6/2020.\n"
    )
    raw = HEADER + body + FOOTER
    plan = extract_plan(raw, name=f"{HOSTILE[1]}.txt")
    text, _ = normalize(raw)
    html_text = render_report(plan, text)
    page = Page(html_text)
    assert page.errors == []
    assert html_text.count("<script>") == 1
    assert "<img src=x" not in html_text and "<b>" not in html_text and "<!--" not in html_text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html_text
    assert [t for t, _ in page.elements].count("img") == (1 if 'src="data:image/svg' in html_text else 0)


def test_text_of_another_document_is_refused(sample):
    plan, text, _ = sample
    with pytest.raises(ValueError, match="normalised text"):
        render_report(plan, text + "x")


# Crossing spans: the renderer closes and reopens the inner one so the HTML nests.
def test_crossing_marks_nest():
    marks = [
        _Mark(0, 6, False, '<span class="hd">', "</span>"),
        _Mark(3, 9, True, '<a class="hl" href="#x">', "</a>"),
    ]
    out = _render_line("abcdefghij", 0, marks, {3: ["at-x"]})
    assert out == (
        '<span class="hd">abc<span class="anchor" id="at-x"></span><a class="hl" href="#x">def</a></span>'
        '<a class="hl" href="#x">ghi</a>j'
    )
    assert Page(out).errors == []


def test_report_command(tmp_path: Path):
    parser = argparse.ArgumentParser(prog="kehoach")
    register(parser.add_subparsers())
    out = tmp_path / "r.html"
    args = parser.parse_args(["report", str(SAMPLES / "ninh-thuan-2017-ttdn.txt"), "-o", str(out), "-q"])
    assert args.func(args) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    args = parser.parse_args(["report", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.html"), "-q"])
    assert args.func(args) == 1
    assert not (tmp_path / "x.html").exists()
