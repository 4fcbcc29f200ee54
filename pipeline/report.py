"""The review page: `render_report(plan, text) -> str`, one self-contained HTML file.

The page lets an officer check a plan against its own text: the document header, the task table
(sortable, filterable by unit), the per-unit workload, the responsibility graph, the audit
findings, the legal references, and the normalised text with every extracted span highlighted and
linked to its task or reference.

Guarantees:
- no network: styles and the script are inline; a Content-Security-Policy forbids every fetch,
  and the script runs only because its hash is listed, so an injected `<script>` would not run;
- every string from the document is escaped (the text is untrusted input);
- the graph SVG, when the graph exporter exists, is embedded as a `data:` image, which cannot run
  scripts or load anything, whatever the SVG contains;
- lead (chủ trì) and support (phối hợp) units differ by colour, border style and a "CT"/"PH" badge.

`kehoach report FILE -o report.html` writes it (see `register`).
"""
from __future__ import annotations

import argparse
import base64
import bisect
import hashlib
import html
import importlib
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kehoach.schemas import Plan, Task

__all__ = ["render_report", "render_page", "plan_and_text", "graph_svg", "register"]

ROLE_LABELS = {
    "lead": ("CT", "chủ trì (lead)"),
    "support": ("PH", "phối hợp (support)"),
    "advise": ("TM", "tham mưu (advise)"),
    "monitor": ("TD", "theo dõi (monitor)"),
    "report_to": ("BC", "báo cáo (report to)"),
}
"""Role → (badge, words): the badge is the non-colour signal that tells lead from support."""

SEVERITY_LABELS = {"error": "Lỗi (error)", "warning": "Cảnh báo (warning)", "info": "Lưu ý (info)"}

CSS = """
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa;--accent:#0b5cad;
--lead:#ffe08a;--lead-b:#9a6700;--sup:#cfe8ff;--sup-b:#0b5cad;--oth:#e8e8e8;--ref:#dff5e1;--ref-b:#1a7f37;
--dl:#fbe3f1;--dl-b:#a0317a;--warn:#9a6700;--err:#b42318;--info:#0b5cad}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 "Noto Sans","DejaVu Sans","Segoe UI",Arial,sans-serif;color:var(--ink);background:var(--bg)}
[hidden]{display:none!important}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:10}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.top{background:#0f2a44;color:#fff;padding:12px 20px}
header.top a{color:#fff}
header.top .app{font-size:.85rem;opacity:.85;margin:0}
main{max-width:1240px;margin:0 auto;padding:8px 20px 40px}
h1{font-size:1.45rem;line-height:1.3;margin:.4rem 0}
h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--line)}
h2 .en,h1 .en,th .en,label .en,.en{color:var(--muted);font-weight:normal;font-size:.85em}
header.top .en{color:#c9d6e3}
.doctype{font-weight:700;letter-spacing:.04em;color:var(--muted);margin:0}
.draft{display:inline-block;border:2px dashed var(--err);color:var(--err);font-weight:700;padding:0 .5em;margin-left:.5em;border-radius:4px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.6rem 0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
.blank{color:var(--err);font-style:italic}
nav.toc ul{display:flex;flex-wrap:wrap;gap:.3rem .5rem;list-style:none;padding:0;margin:.6rem 0}
nav.toc a{display:inline-block;padding:.25rem .6rem;border:1px solid var(--line);border-radius:999px;text-decoration:none;background:var(--panel)}
nav.toc a strong{font-size:1.05em}
.note{background:var(--panel);border-left:4px solid var(--line);padding:.5rem .8rem}
.alert{border:2px solid var(--err);background:#fff1f0;padding:.6rem .9rem;border-radius:6px}
.alert strong{color:var(--err)}
.ok{border:2px solid var(--ref-b);background:#eefbf0;padding:.6rem .9rem;border-radius:6px}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;background:var(--panel);padding:.6rem .8rem;border-radius:6px;margin-bottom:.5rem}
.filters label{display:block;font-size:.85rem;font-weight:600}
.filters select,.filters input{font:inherit;padding:.3rem .4rem;min-height:2.2rem;border:1px solid #8c959f;border-radius:4px;max-width:100%}
.filters .f{min-width:0;max-width:100%}
button{font:inherit;cursor:pointer}
.btn{padding:.3rem .8rem;min-height:2.2rem;border:1px solid #8c959f;border-radius:4px;background:#fff}
.count{margin:0 0 .3rem;font-weight:600}
.tablewrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--panel);position:sticky;top:0;z-index:1}
th button.sort{all:unset;cursor:pointer;font-weight:700}
th button.sort::after{content:" ⇅";color:var(--muted);font-weight:normal}
th[aria-sort=ascending] button.sort::after{content:" ▲"}th[aria-sort=descending] button.sort::after{content:" ▼"}
th button.sort:focus-visible{outline:3px solid #f59e0b}
td.sec{white-space:nowrap;font-family:"DejaVu Sans Mono",monospace;font-size:.85rem}
.tid{font-family:"DejaVu Sans Mono",monospace;font-size:.75rem;color:var(--muted)}
details>summary{cursor:pointer;color:var(--accent);font-size:.85rem}
ul.units{list-style:none;margin:0;padding:0}
.chip{display:inline-block;border-radius:4px;padding:0 .3em;margin:.05em 0;line-height:1.45}
.chip.lead,.hl.u-lead{background:var(--lead);border:2px solid var(--lead-b)}
.chip.support,.hl.u-support{background:var(--sup);border:2px dashed var(--sup-b)}
.chip.other,.hl.u-other{background:var(--oth);border:1px dotted #6e7781}
.badge{display:inline-block;font-size:.7rem;font-weight:700;border-radius:3px;padding:0 .25em;margin-right:.25em;vertical-align:.1em;color:#fff}
.badge.lead{background:var(--lead-b)}.badge.support{background:var(--sup-b)}.badge.other{background:#6e7781}
.none{color:var(--err)}
.empty{color:var(--muted);font-style:italic}
.bar{display:block;height:.6rem;background:var(--lead-b);border-radius:2px;min-width:2px}
.bar.s{background:var(--sup-b)}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.unitbtn{all:unset;cursor:pointer;color:var(--accent);text-decoration:underline}
.unitbtn:focus-visible{outline:3px solid #f59e0b}
.graph{border:1px solid var(--line);border-radius:6px;padding:.5rem;overflow:auto;background:#fff}
.graph img{max-width:100%;height:auto;display:block;margin:0 auto}
.sev{display:inline-block;font-size:.8rem;font-weight:700;border-radius:3px;padding:0 .35em;border:1px solid}
.sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.sev.info{color:var(--info)}
ol.findings{padding-left:1.4rem}ol.findings li{margin:.4rem 0}
code,.code{font-family:"DejaVu Sans Mono",monospace;font-size:.85em}
.legend{display:flex;flex-wrap:wrap;gap:.4rem .9rem;list-style:none;padding:0;margin:.3rem 0 .6rem;font-size:.9rem}
.doc{border:1px solid var(--line);border-radius:6px;background:#fffdf7;padding:.4rem 0;font-size:.95rem}
.l{display:grid;grid-template-columns:3.6rem 1fr;gap:0 .6rem;padding:0 .6rem 0 0}
.l:target{background:#fff3bf}
.g{text-align:right;color:var(--muted);font-size:.75rem;padding-top:.2rem;user-select:none;font-family:"DejaVu Sans Mono",monospace}
.g::before{content:attr(data-n)}
.g a{text-decoration:none;margin-left:.15rem}
.t{white-space:pre-wrap;overflow-wrap:anywhere;min-height:1.2em}
.hl{border-radius:3px;text-decoration:none;color:inherit;padding:0 .1em}
.hl.u-lead::before{content:"CT";font-size:.65rem;font-weight:700;color:#fff;background:var(--lead-b);border-radius:2px;padding:0 .2em;margin-right:.2em;vertical-align:.1em}
.hl.u-support::before{content:"PH";font-size:.65rem;font-weight:700;color:#fff;background:var(--sup-b);border-radius:2px;padding:0 .2em;margin-right:.2em;vertical-align:.1em}
.hl.ref{background:var(--ref);border-bottom:2px solid var(--ref-b)}
.hl.ref::before{content:"§";font-weight:700;color:var(--ref-b);margin-right:.1em}
.hl.dl{background:var(--dl);border-bottom:2px dotted var(--dl-b)}
.hl.dl::before{content:"⏱";margin-right:.1em}
.hd{font-weight:700;color:#0f2a44}
.hd.lv1{font-size:1.05em;text-decoration:underline}
.anchor{scroll-margin-top:4rem}
.t.dc{white-space:normal}
.t.dc .spans{display:inline;line-height:2.3!important}
.dc-label .hl{border:0;background:none;padding:0}
.dc-label .hl::before{margin-right:0!important}
.dc-label .hl.ref::before,.dc-label .hl.dl::before{color:#fff}
.dc-key{border-bottom:4px solid;padding-bottom:1px}
.dc-key .hl{border:0;background:none;padding:0}
.hl.u-other[data-badge]::before{content:attr(data-badge);font-size:.65rem;font-weight:700}
:target{scroll-margin-top:4rem}
footer{color:var(--muted);font-size:.85rem;margin-top:2rem;border-top:1px solid var(--line);padding-top:.5rem}
form.upload{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;background:var(--panel);padding:.8rem;border-radius:6px}
form.upload label{font-weight:600}
form.exports{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
.noscript-hide{}
html:not(.js) .js-only{display:none}
@media (max-width:700px){
 main{padding:6px 10px 30px}
 h1{font-size:1.05rem}
 dl.meta{grid-template-columns:6.8rem minmax(0,1fr);gap:.1rem .5rem;font-size:.9rem}
 dl.meta dt .en{display:none}
 nav.toc a{padding:.15rem .5rem;font-size:.9rem}
 .filters{display:block}.filters .f{margin-bottom:.4rem}.filters select,.filters input{width:100%}
 table.cards thead{position:absolute;left:-9999px}
 table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
 table.cards tr{border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.3rem .5rem}
 table.cards td,table.cards th[scope=row]{border:0;padding:.15rem 0}
 table.cards td::before{content:attr(data-label);display:block;font-size:.75rem;font-weight:700;color:var(--muted)}
 table.cards td[data-label=""]::before{display:none}
 #task-table td{display:grid;grid-template-columns:5.4rem minmax(0,1fr);gap:0 .5rem}
 #task-table td::before{padding-top:.15rem}
 #task-table td.blankcell{display:none}
 .l{grid-template-columns:2.2rem 1fr;gap:0 .3rem}
 .doc{font-size:.9rem}
 .sortbar{display:flex!important}
}
.sortbar{display:none;gap:.5rem;align-items:center;flex-wrap:wrap;margin:.3rem 0}
@media print{
 @page{margin:15mm}
 body{font-size:10.5pt}
 header.top{background:none;color:#000;padding:0;border-bottom:2px solid #000}
 header.top a,header.top .en{color:#000}
 nav.toc,.filters,.sortbar,form,.skip,.noprint,.g a{display:none!important}
 main{max-width:none;padding:0}
 a{color:inherit;text-decoration:none}
 thead th{position:static}
 tr,li,.l{break-inside:avoid}
 h2{break-after:avoid}
 section#text{break-before:page}
 .hl,.chip,.badge,.bar,.draft,.hl::before{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .graph{border:0}
 details>summary{display:none}
}
"""

SCRIPT = """
(function(){
var root=document.documentElement;root.classList.add('js');
var up=document.getElementById('upload-form');
if(up)up.addEventListener('submit',function(ev){
 var f=up.querySelector('input[type=file]'),max=parseInt(up.getAttribute('data-max-bytes'),10),msg=document.getElementById('upload-error');
 if(f&&f.files.length&&f.files[0].size>max){ev.preventDefault();
  msg.textContent='Tệp quá lớn (file too large): '+(f.files[0].size/1048576).toFixed(1)+' MB > '+(max/1048576)+' MB.';msg.hidden=false;}});
var table=document.getElementById('task-table');
if(!table)return;
var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
var unit=document.getElementById('f-unit'),role=document.getElementById('f-role'),
 q=document.getElementById('f-q'),count=document.getElementById('f-count'),
 none=document.getElementById('f-none'),reset=document.getElementById('f-reset');
function has(tr,key,u){return (' '+(tr.getAttribute(key)||'')+' ').indexOf(' '+u+' ')>=0;}
function apply(){
 var u=unit.value,r=role.value,s=q.value.trim().toLocaleLowerCase('vi'),n=0;
 rows.forEach(function(tr){
  var ok=true;
  if(u){ok=r==='lead'?has(tr,'data-lead',u):r==='support'?has(tr,'data-support',u):
   (has(tr,'data-lead',u)||has(tr,'data-support',u)||has(tr,'data-other',u));}
  if(ok&&s){ok=tr.textContent.toLocaleLowerCase('vi').indexOf(s)>=0;}
  tr.hidden=!ok;if(ok)n++;
 });
 count.textContent=n+' / '+rows.length+' nhiệm vụ (tasks) hiển thị';
 none.hidden=n>0;
}
[unit,role].forEach(function(el){el.addEventListener('change',apply);});
q.addEventListener('input',apply);
reset.addEventListener('click',function(){unit.value='';role.value='any';q.value='';apply();});
var ths=Array.prototype.slice.call(table.tHead.rows[0].cells);
function sortBy(i,dir){
 var kind=ths[i].getAttribute('data-kind');
 var keyed=rows.map(function(tr){var c=tr.cells[i];var k=c.getAttribute('data-sort');
  if(k===null)k=c.textContent.trim();return [kind==='num'?parseFloat(k):k,tr];});
 keyed.sort(function(a,b){var x=a[0],y=b[0],c;
  if(kind==='num')c=x-y;else c=String(x).localeCompare(String(y),'vi',{numeric:true});
  if(c===0)c=parseFloat(a[1].getAttribute('data-idx'))-parseFloat(b[1].getAttribute('data-idx'));
  return dir==='descending'?-c:c;});
 keyed.forEach(function(p){body.appendChild(p[1]);});
 ths.forEach(function(th,j){if(th.hasAttribute('data-kind'))th.setAttribute('aria-sort',j===i?dir:'none');});
 var sel=document.getElementById('f-sort');if(sel)sel.value=i+':'+dir;
}
ths.forEach(function(th,i){var b=th.querySelector('button.sort');if(!b)return;
 b.addEventListener('click',function(){sortBy(i,th.getAttribute('aria-sort')==='ascending'?'descending':'ascending');});});
var sel=document.getElementById('f-sort');
if(sel)sel.addEventListener('change',function(){var p=sel.value.split(':');sortBy(parseInt(p[0],10),p[1]);});
Array.prototype.forEach.call(document.querySelectorAll('[data-unit]'),function(b){
 b.addEventListener('click',function(ev){ev.preventDefault();unit.value=b.getAttribute('data-unit');role.value='any';q.value='';apply();
  document.getElementById('tasks').scrollIntoView();unit.focus();});});
window.addEventListener('beforeprint',function(){Array.prototype.forEach.call(document.querySelectorAll('details'),function(d){d.open=true;});});
apply();
})();
"""


def _e(value: object) -> str:
    """Escape text for HTML content and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def _fold(name: str) -> str:
    """A sort key that orders Vietnamese names roughly as a reader expects (Đ after D, marks ignored)."""
    base = unicodedata.normalize("NFD", name.replace("Đ", "Dz").replace("đ", "dz"))
    return "".join(c for c in base if not unicodedata.combining(c)).casefold()


def _environment():
    """The Jinja2 templates of the page (pipeline/templates), loaded once.

    Autoescaping is on, and every value goes through `html.escape` (as `_e` did), so the page's
    bytes stay what they were; what a view marks as `Markup` (displaCy's lines, the web app's
    banner, the page's own CSS and script) is put in as it is.
    """
    global _ENV
    if _ENV is None:
        from jinja2 import Environment, PackageLoader, StrictUndefined
        from markupsafe import Markup

        def finalize(value):
            if isinstance(value, str) and not isinstance(value, Markup):
                return Markup(html.escape(value, quote=True))
            return value

        _ENV = Environment(loader=PackageLoader("kehoach.pipeline", "templates"), autoescape=True,
                           finalize=finalize, keep_trailing_newline=True, undefined=StrictUndefined)
    return _ENV


_ENV = None


def _markup(value: str):
    from markupsafe import Markup

    return Markup(value)


def render_page(title: str, body: str, *, lang: str = "vi") -> str:
    """Return a whole HTML document around `body` (trusted HTML) with the page's CSS and script.

    The Content-Security-Policy allows no fetch at all: only inline styles, `data:` images and the
    one script whose hash it lists.
    """
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; form-action 'self'; base-uri 'none'"
    )
    return _environment().get_template("page.html.j2").render(
        lang=lang, csp=csp, title=title, css=_markup(CSS), body=_markup(body), script=_markup(SCRIPT))



# --- ids --------------------------------------------------------------------------------------


class _Anchors:
    """HTML ids for the plan's items: short, ASCII, stable for a given plan.

    Plan ids hold ':', '/', '.' and Vietnamese letters ('ref:72/2015/NĐ-CP'); fragment links work
    with them in browsers but are awkward in CSS and print, so the page numbers items in plan order.
    """

    def __init__(self, plan: Plan) -> None:
        self.task = {t.id: f"task-{i}" for i, t in enumerate(plan.tasks, 1)}
        self.ref = {r.id: f"ref-{i}" for i, r in enumerate(plan.legal_refs, 1)}
        self.section = {s.id: f"sec-{i}" for i, s in enumerate(plan.sections, 1)}
        self.unit = {u.id: f"unit-{i}" for i, u in enumerate(plan.units, 1)}

    @staticmethod
    def in_text(anchor: str) -> str:
        """The id of the zero-width mark in the text where an item starts."""
        return f"at-{anchor}"


# --- text with highlights ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    is_link: bool
    tag_open: str
    tag_close: str


def _link(cls: str, href: str, title: str) -> tuple[str, str]:
    return f'<a class="hl {cls}" href="#{href}" title="{_e(title)}">', "</a>"


def _marks(plan: Plan, ids: _Anchors, length: int) -> tuple[list[_Mark], dict[int, list[str]]]:
    """The highlights of the text, and the zero-width anchors (offset → ids).

    Links never nest, so overlapping link candidates are resolved by priority: a unit's role in a
    task first, then other unit mentions, legal references, deadlines. Headings are plain spans
    and may contain links.
    """
    names = {u.id: u for u in plan.units}
    candidates: list[tuple[int, int, int, str, str]] = []  # priority, start, end, open, close
    # A unit heading can assign several tasks at one place: the mark links to the first, names all.
    shared: dict[tuple[int, int, str], list[Task]] = {}
    for task in plan.tasks:
        for a in task.assignments:
            shared.setdefault((a.span.start, a.span.end, a.role), []).append(task)
    done: set[tuple[int, int, str]] = set()
    for task in plan.tasks:
        tid = ids.task[task.id]
        for a in task.assignments:
            key = (a.span.start, a.span.end, a.role)
            if key in done:
                continue
            done.add(key)
            _, words = ROLE_LABELS[a.role]
            cls = {"lead": "u-lead", "support": "u-support"}.get(a.role, "u-other")
            unit = names.get(a.unit_id)
            tasks = ", ".join(t.id for t in shared[key])
            title = f"{words}: {unit.name if unit else a.text} — nhiệm vụ {tasks}"
            candidates.append((0 if a.role in ("lead", "support") else 1, a.span.start, a.span.end, *_link(cls, tid, title)))
        d = task.deadline
        if d is not None and d.span is not None:
            due = f" (hạn {d.due})" if d.due else ""
            candidates.append((4, d.span.start, d.span.end, *_link("dl", tid, f"Thời hạn (deadline){due} — nhiệm vụ {task.id}")))
    for unit in plan.units:
        uid = ids.unit[unit.id]
        for m in unit.mentions:
            candidates.append((2, m.start, m.end, *_link("u-other", uid, f"Đơn vị (unit): {unit.name}")))
    for ref in plan.legal_refs:
        rid = ids.ref[ref.id]
        label = " ".join(x for x in (ref.doc_type, ref.number_symbol or ref.title) if x)
        for m in ref.mentions:
            candidates.append((3, m.span.start, m.span.end, *_link("ref", rid, f"Văn bản (legal reference): {label}")))
    candidates.sort(key=lambda c: (c[0], c[1], -c[2]))
    taken_starts: list[int] = []
    taken: list[tuple[int, int]] = []
    marks: list[_Mark] = []
    for _, start, end, opening, closing in candidates:
        start, end = max(0, start), min(length, end)
        if start >= end:
            continue
        i = bisect.bisect_left(taken_starts, start)
        if (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end):
            continue  # overlaps an earlier, higher-priority link
        taken_starts.insert(i, start)
        taken.insert(i, (start, end))
        marks.append(_Mark(start, end, True, opening, closing))
    for section in plan.sections:
        start, end = section.span.start, min(length, section.span.end)
        if start < end:
            marks.append(_Mark(start, end, False, f'<span class="hd lv{min(section.level, 3)}">', "</span>"))
    anchors: dict[int, list[str]] = {}
    for section in plan.sections:
        anchors.setdefault(section.span.start, []).append(ids.in_text(ids.section[section.id]))
    for task in plan.tasks:
        anchors.setdefault(task.span.start, []).append(ids.in_text(ids.task[task.id]))
    return marks, anchors


def _render_line(text: str, start: int, marks: list[_Mark], anchors: dict[int, list[str]]) -> str:
    """One line of the text as HTML, with the marks that touch it, nested properly.

    Where two marks cross, the inner one is closed and reopened, so the HTML always nests.
    """
    end = start + len(text)
    pieces = [(max(m.start, start) - start, min(m.end, end) - start, m) for m in marks]
    points = {0, len(text)}
    for s, e, _ in pieces:
        points.update((s, e))
    points.update(off - start for off in anchors)
    points = sorted(points)
    # Outer first: earlier start, then longer, then non-links (headings) outside links.
    order = {id(m): (s, -e, m.is_link) for s, e, m in pieces}
    out: list[str] = []
    stack: list[_Mark] = []
    for i, a in enumerate(points):
        for anchor in anchors.get(start + a, ()):
            out.append(f'<span class="anchor" id="{_e(anchor)}"></span>')
        if i + 1 == len(points):
            break
        b = points[i + 1]
        active = sorted((m for s, e, m in pieces if s <= a and e >= b), key=lambda m: order[id(m)])
        k = 0
        while k < len(stack) and k < len(active) and stack[k] is active[k]:
            k += 1
        out.extend(m.tag_close for m in reversed(stack[k:]))
        out.extend(m.tag_open for m in active[k:])
        stack = stack[:k] + active[k:]
        out.append(_e(text[a:b]))
    out.extend(m.tag_close for m in reversed(stack))
    return "".join(out)


def _displacy_view(plan: Plan, ids: _Anchors):
    """displaCy's span view of the text (kehoach.spacy_component), or None without spaCy."""
    try:
        from kehoach.spacy_component.displacy_view import TextView, line_spans
    except ModuleNotFoundError:  # spaCy is the optional extra kehoach[spacy]: the page's own highlighter
        return None
    return TextView(line_spans(plan, ids.task, ids.unit, ids.ref, ROLE_LABELS))


def _displacy_line(view, plan: Plan, line: str, start: int) -> str:
    """One line through displaCy; a heading on it is rendered apart, in bold (`span.hd`)."""
    end = start + len(line)
    cuts = {0, len(line)}
    levels: dict[int, int] = {}
    for s in plan.sections:
        if start <= s.span.start < end:
            a, b = s.span.start - start, min(s.span.end, end) - start
            cuts.update((a, b))
            levels[a] = min(s.level, 3)
    cuts = sorted(cuts)
    out = []
    heading_end = -1
    for a, b in zip(cuts, cuts[1:]):
        if a in levels:
            heading_end = next(min(s.span.end, end) - start for s in plan.sections if s.span.start - start == a)
        markup = view.line(line[a:b], start + a)
        if a > 0 and line[a - 1] == " ":
            out.append(" ")
        if a < heading_end:
            out.append(f'<span class="hd lv{levels.get(a) or levels[max(k for k in levels if k <= a)]}">{markup}</span>')
        else:
            out.append(markup)
    return "".join(out)


def _text_lines(plan: Plan, text: str, ids: _Anchors, finding_lines: dict[int, list[tuple[str, str]]]) -> tuple[list[dict], bool]:
    """The lines of the text for the template, each with its HTML (displaCy's when spaCy is
    installed, else the page's own highlighter), its anchors and its findings."""
    marks, anchors = _marks(plan, ids, len(text))
    view = _displacy_view(plan, ids)
    if view is not None:
        marks = []
    lines = text.split("\n")
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    per_line: list[list[_Mark]] = [[] for _ in lines]
    for m in marks:
        first = bisect.bisect_right(starts, m.start) - 1
        last = bisect.bisect_right(starts, max(m.start, m.end - 1)) - 1
        for n in range(max(first, 0), min(last, len(lines) - 1) + 1):
            per_line[n].append(m)
    rows = []
    for n, line in enumerate(lines):
        line_anchors = {off: a for off, a in anchors.items() if starts[n] <= off < starts[n] + max(len(line), 1)}
        row = {"n": n + 1, "flags": finding_lines.get(n + 1, ())}
        if view is not None:
            row["anchors"] = [a for off in sorted(line_anchors) for a in line_anchors[off]]
            row["html"] = _markup(_displacy_line(view, plan, line, starts[n]))
        else:
            row["html"] = _markup(_render_line(line, starts[n], per_line[n], line_anchors))
        rows.append(row)
    return rows, view is not None


# --- the page's other parts, as data for the template -------------------------------------------


def _meta(plan: Plan) -> list[tuple[str, str, str, str]]:
    """(label, English, value, what an empty value means) of the document's identity."""
    doc = plan.document
    signer = " · ".join(x for x in (doc.signing_authority, doc.signer_title, doc.signer) if x)
    return [
        ("Loại văn bản", "type", doc.doc_type or "", "unknown"),
        ("Số ký hiệu", "number", doc.number_symbol or "", "blank"),
        ("Ngày ban hành", "date", " ".join(x for x in (doc.place, doc.date) if x) if doc.date else "", "blank"),
        ("Cơ quan ban hành", "issuer", doc.issuer or doc.issuer_as_printed or "", "unknown"),
        ("Người ký", "signer", signer, "unknown"),
        ("Dự thảo", "draft", "Có — văn bản đang là dự thảo (yes, draft)" if doc.is_draft else "Không (no)", "unknown"),
    ]


def _summary(plan: Plan) -> list[tuple]:
    with_lead = sum(1 for t in plan.tasks if t.lead_units)
    warnings = sum(1 for f in plan.findings if f.severity in ("warning", "error"))
    return [
        ("#tasks", len(plan.tasks), "nhiệm vụ", f"{with_lead} có chủ trì"),
        ("#workload", len(plan.units), "đơn vị", "units"),
        ("#findings", len(plan.findings), "phát hiện", f"{warnings} cảnh báo"),
        ("#refs", len(plan.legal_refs), "văn bản dẫn chiếu", "legal refs"),
        ("#graph", None, "Sơ đồ trách nhiệm", "graph"),
        ("#text", None, "Toàn văn", "full text"),
    ]


def _names_key(unit_ids: list[str], names: dict[str, str]) -> str:
    """Sort key of a list of units: their names, ranked before the tasks that have none."""
    return "0 " + ", ".join(names.get(u, u) for u in unit_ids) if unit_ids else "1"


def _deadline_key(task: Task) -> str:
    d = task.deadline
    if d is None:
        return "2"
    # Keys start with a rank digit: the browser's collation puts symbols before digits, so "~" would not sort last.
    return f"0 {d.due or d.start}" if (d.due or d.start) else f"1 {d.recurrence or d.text}"


COLUMNS = [
    ("Mục", "section", "num"),
    ("Nhiệm vụ", "task", "text"),
    ("Chủ trì", "lead", "text"),
    ("Phối hợp", "support", "text"),
    ("Thời hạn", "deadline", "text"),
    ("Căn cứ", "legal basis", "text"),
]
"""The task table's columns: (Vietnamese, English, sort kind)."""


def _task_rows(plan: Plan, ids: _Anchors, names: dict[str, str]) -> tuple[list[dict], list[tuple]]:
    """The task table's rows, and the unit filter's options (id, name, lead count, support count)."""
    sections = {s.id: s for s in plan.sections}
    refs = {r.id: r for r in plan.legal_refs}
    counts: dict[str, list[int]] = {}
    for task in plan.tasks:
        for uid in task.lead_units:
            counts.setdefault(uid, [0, 0, 0])[0] += 1
        for uid in task.support_units:
            counts.setdefault(uid, [0, 0, 0])[1] += 1
        for a in task.assignments:
            if a.role not in ("lead", "support"):
                counts.setdefault(a.unit_id, [0, 0, 0])[2] += 1
    options = [(uid, names.get(uid, uid), c[0], c[1])
               for uid, c in sorted(counts.items(), key=lambda kv: _fold(names.get(kv[0], kv[0])))]
    rows = []
    for task in plan.tasks:
        section = sections.get(task.section_id or "")
        rows.append({
            "task": task,
            "anchor": ids.task[task.id],
            "text_anchor": ids.in_text(ids.task[task.id]),
            "section": section,
            "section_anchor": ids.in_text(ids.section[section.id]) if section is not None else "",
            "others": [a for a in task.assignments if a.role not in ("lead", "support")],
            "lead_key": _names_key(task.lead_units, names),
            "support_key": _names_key(task.support_units, names),
            "deadline_key": _deadline_key(task),
            "basis": [(ids.ref[r], refs[r].number_symbol or refs[r].title or r) for r in task.legal_ref_ids if r in refs],
        })
    return rows, options


def _workload(plan: Plan, ids: _Anchors) -> list[dict]:
    load: dict[str, list[int]] = {u.id: [0, 0, 0] for u in plan.units}
    for task in plan.tasks:
        for uid in task.lead_units:
            load.setdefault(uid, [0, 0, 0])[0] += 1
        for uid in task.support_units:
            load.setdefault(uid, [0, 0, 0])[1] += 1
        for a in task.assignments:
            if a.role not in ("lead", "support"):
                load.setdefault(a.unit_id, [0, 0, 0])[2] += 1
    units = {u.id: u for u in plan.units}
    most = max((c[0] + c[1] for c in load.values()), default=0) or 1
    order = sorted(load.items(), key=lambda kv: (-kv[1][0], -(kv[1][0] + kv[1][1] + kv[1][2]), _fold(units[kv[0]].name if kv[0] in units else kv[0])))
    rows = []
    for uid, (lead, support, other) in order:
        unit = units.get(uid)
        notes = []
        if unit is not None and unit.resolved_name and unit.resolved_name != unit.name:
            notes.append(f"= {unit.resolved_name}")
        if unit is not None and unit.collective:
            notes.append("nhóm nhiều cơ quan (collective)")
        if unit is not None and unit.successors:
            notes.append("nay là (now): " + ", ".join(unit.successors))
        rows.append({"uid": uid, "name": unit.name if unit else uid, "notes": notes, "lead": lead, "support": support,
                     "other": other, "total": lead + support + other, "most": most, "anchor": ids.unit.get(uid, "")})
    return rows


def graph_svg(plan: Plan, work_dir: Path) -> str:
    """Return the responsibility graph as SVG text, written by the graph exporter into `work_dir`.

    Raises LookupError with a sentence for the page when the exporter is not installed or wrote no SVG.
    """
    try:
        module = importlib.import_module("kehoach.pipeline.export.svg_export")
    except ModuleNotFoundError as exc:
        if exc.name and "svg_export" not in exc.name:
            raise LookupError(f"the graph exporter needs a missing package: {exc.name}") from None
        raise LookupError("the graph exporter (kehoach.pipeline.export.svg_export) is not installed yet") from None
    paths = module.export_svg(plan, Path(work_dir), "graph")
    for path in paths:
        if Path(path).suffix.lower() == ".svg":
            return Path(path).read_text(encoding="utf-8")
    raise LookupError("the graph exporter wrote no SVG file")


def _graph(plan: Plan, work_dir: Path | None) -> dict:
    """{"svg": base64} or {"missing": why} or {"failed": what} for the template."""
    try:
        if work_dir is not None:
            svg = graph_svg(plan, work_dir)
        else:
            with tempfile.TemporaryDirectory(prefix="kehoach-report-") as tmp:
                svg = graph_svg(plan, Path(tmp))
    except LookupError as exc:
        return {"svg": "", "missing": str(exc)}
    except Exception as exc:  # the exporter is another module; the page must still render
        return {"svg": "", "missing": "", "failed": f"{type(exc).__name__}: {exc}"}
    return {"svg": base64.b64encode(svg.encode("utf-8")).decode("ascii")}


def _findings(plan: Plan, ids: _Anchors, fids: list[str]) -> list[tuple]:
    """(id, finding, [(href, label)]) most serious first; the plan's own order (by line) within a severity."""
    rank = {"error": 0, "warning": 1, "info": 2}
    out = []
    for fid, f in sorted(zip(fids, plan.findings), key=lambda pair: rank[pair[1].severity]):
        where = []
        if f.line:
            where.append((f"L{f.line}", f"dòng {f.line} (line)"))
        if f.task_id and f.task_id in ids.task:
            where.append((ids.task[f.task_id], f"nhiệm vụ {f.task_id}"))
        if f.ref_id and f.ref_id in ids.ref:
            where.append((ids.ref[f.ref_id], f"văn bản {f.ref_id.removeprefix('ref:')}"))
        if f.unit_id and f.unit_id in ids.unit:
            where.append((ids.unit[f.unit_id], f"đơn vị {f.unit_id}"))
        out.append((fid, f, where))
    return out


def _refs(plan: Plan, ids: _Anchors) -> list[dict]:
    used: dict[str, list[str]] = {}
    for task in plan.tasks:
        for r in task.legal_ref_ids:
            used.setdefault(r, []).append(task.id)
    return [{
        "ref": ref,
        "anchor": ids.ref[ref.id],
        "label": " ".join(x for x in (ref.doc_type, ref.number_symbol) if x) or ref.title or ref.id,
        "tasks": [(ids.task[t], t) for t in used.get(ref.id, ()) if t in ids.task],
    } for ref in plan.legal_refs]


def render_report(plan: Plan, text: str, *, work_dir: Path | None = None, banner: str = "") -> str:
    """Return the review page of `plan` as one HTML document; `text` is the normalised text its spans index.

    `work_dir` is where the graph exporter may write its SVG (a fresh temporary folder when None);
    `banner` is trusted HTML put above the document header (the web app's upload form and downloads).
    The page is built from the Jinja2 templates in pipeline/templates (report.html.j2 inside page.html.j2).

    Ví dụ: render_report(extract_plan(Path("samples/ninh-thuan-2017-ttdn.txt")), text) starts
    with "<!DOCTYPE html>" and shows "KẾ HOẠCH" and "DỰ THẢO (draft)".
    """
    if plan.source.characters != len(text):
        raise ValueError(
            f"text has {len(text)} characters but the plan was extracted from {plan.source.characters}; "
            "pass the normalised text of the same file"
        )
    ids = _Anchors(plan)
    fids = [f"finding-{i}" for i in range(1, len(plan.findings) + 1)]
    finding_lines: dict[int, list[tuple[str, str]]] = {}
    for fid, f in zip(fids, plan.findings):
        if f.line:
            finding_lines.setdefault(f.line, []).append((fid, f"{SEVERITY_LABELS[f.severity]}: {f.message}"))
    names = {u.id: u.name for u in plan.units}
    tasks, unit_options = _task_rows(plan, ids, names)
    lines, displacy = _text_lines(plan, text, ids, finding_lines)
    colours = {}
    if displacy:
        from kehoach.spacy_component.displacy_view import COLOURS as colours
    doc = plan.document
    body = _environment().get_template("report.html.j2").render(
        banner=_markup(banner), doc=doc, summary=_summary(plan), meta=_meta(plan), src=plan.source,
        generator=plan.generator, schema_version=plan.schema_version, roles=ROLE_LABELS, names=names,
        tasks=tasks, unit_options=unit_options, columns=COLUMNS, workload=_workload(plan, ids),
        graph=_graph(plan, work_dir), units=plan.units, findings=_findings(plan, ids, fids),
        severity=SEVERITY_LABELS, refs=_refs(plan, ids), lines=lines, displacy=displacy, colours=colours,
    )
    title = " ".join(x for x in (doc.doc_type, doc.number_symbol) if x) or plan.source.file
    return render_page(f"{title} — kehoach", body)



def plan_and_text(path: str | Path) -> tuple[Plan, str]:
    """Return the plan of a document and the normalised text its spans point into.

    Ví dụ: plan, text = plan_and_text("samples/ninh-thuan-2017-ttdn.txt"); len(text) == plan.source.characters.
    """
    from kehoach.pipeline.normalize import normalize
    from kehoach.pipeline.read import read_document
    from kehoach.pipeline.run import extract_plan

    plan = extract_plan(Path(path))
    text, _ = normalize(read_document(path).text)
    return plan, text


# --- command line ------------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    from kehoach.pipeline.errors import KehoachError
    from kehoach.pipeline.export import write_atomic

    path = Path(args.file)
    out = Path(args.output) if args.output else Path(f"{path.stem}.report.html")
    try:
        plan, text = plan_and_text(path)
        page = render_report(plan, text)
        write_atomic(out, page)
    except KehoachError as exc:
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kehoach: error: {out}: cannot write the report ({exc.strerror or exc})", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"{path} → {out}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `kehoach report FILE [-o report.html]` to the command line."""
    p = subparsers.add_parser(
        "report",
        help="write the review page of a document (one self-contained HTML file)",
        description="Write one self-contained HTML page (no network) showing the plan against its text: "
        "header, tasks (sortable, filterable by unit), workload per unit, graph, findings, legal references.",
        epilog="example:\n  kehoach report plan.docx -o plan.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="a .txt, .docx, .pdf or .doc document")
    p.add_argument("-o", "--output", metavar="HTML", help="output file (default: <stem>.report.html in the current folder)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=cmd_report)
    return p
