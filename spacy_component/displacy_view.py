"""The review page's full text through displaCy's span visualiser.

Each line of the normalised text is rendered by displaCy (`style="span"`, manual data: the line's
words and the plan's spans on it), so overlapping spans stack as displaCy draws them, each in its
colour with its label under the words: lead (CT), support (PH), the other roles, other unit
mentions, legal references (§) and deadlines (⏱). A label is a link: to the task a unit's role or a
deadline belongs to, to the unit, to the reference. Headings are bold, every line keeps its
number and its findings, so the page's links into the text still land.

The templates are displaCy's own with class names added (for the page's print and phone styles);
the labels are the page's own markup, which is why they are built here and escaped here.
"""
from __future__ import annotations

import bisect
import html

from spacy.displacy.render import SpanRenderer

from kehoach.schemas import Plan

TEMPLATES = {
    "span": (
        '\n<span class="dc-tok" style="font-weight: bold; display: inline-block; position: relative; '
        'height: {total_height}px;">{text}{span_slices}{span_starts}</span>\n'
    ),
    "slice": (
        '<span class="dc-slice" style="background: {bg}; top: {top_offset}px; height: 4px; left: -1px; '
        'width: calc(100% + 2px); position: absolute;"></span>'
    ),
    "start": (
        '<span class="dc-start" style="background: {bg}; top: {top_offset}px; height: 4px; border-top-left-radius: 3px; '
        'border-bottom-left-radius: 3px; left: -1px; width: calc(100% + 2px); position: absolute;">'
        '<span class="dc-label" style="background: {bg}; z-index: 10; color: #000; top: -0.5em; padding: 2px 3px; '
        'position: absolute; font-size: 0.6em; font-weight: bold; line-height: 1; border-radius: 3px; white-space: nowrap">'
        "{label}{kb_link}</span></span>"
    ),
}
"""displaCy's span templates (spacy/displacy/templates.py) with class names; same geometry."""

COLOURS = {
    "u-lead": "#f5b700",
    "u-support": "#4a90d9",
    "u-other": "#9aa0a6",
    "ref": "#1a7f37",
    "dl": "#c2478f",
}
"""Slice colours: lead gold, support blue, other roles and mentions grey, references green,
deadlines magenta (the page's own palette, strong enough for a 4 px line)."""

ROLE_CLASS = {"lead": "u-lead", "support": "u-support"}


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _chip(cls: str, anchor: str, title: str, words: str, badge: str = "") -> str:
    """A span's label: a link; its visible badge comes from the page's CSS (CT, PH, §, ⏱, or
    `data-badge` for the other roles), its words are there for screen readers."""
    data = f' data-badge="{_e(badge)}"' if cls == "u-other" else ""
    return f'<a class="hl {cls}" href="#{_e(anchor)}" title="{_e(title)}"{data}><span class="sr">{_e(words)}</span></a>'


def line_spans(plan: Plan, task_anchor: dict[str, str], unit_anchor: dict[str, str],
               ref_anchor: dict[str, str], role_words: dict[str, tuple[str, str]]) -> list[tuple[int, int, str, str]]:
    """(start, end, css class, label HTML) of every highlighted span of the text.

    A unit's role links to the first task it is given in (one unit heading may assign several);
    a unit named without a role links to the unit; each place is drawn once per role.
    """
    names = {u.id: u.name for u in plan.units}
    shared: dict[tuple[int, int, str], list[str]] = {}
    for task in plan.tasks:
        for a in task.assignments:
            shared.setdefault((a.span.start, a.span.end, a.role), []).append(task.id)
    out: list[tuple[int, int, str, str]] = []
    seen: set[tuple[int, int, str]] = set()
    assigned: set[tuple[int, int, str]] = set()
    first_task = {t.id: task_anchor[t.id] for t in plan.tasks}
    for task in plan.tasks:
        for a in task.assignments:
            key = (a.span.start, a.span.end, a.role)
            assigned.add((a.span.start, a.span.end, a.unit_id))
            if key in seen:
                continue
            seen.add(key)
            badge, words = role_words[a.role]
            cls = ROLE_CLASS.get(a.role, "u-other")
            title = f"{words}: {names.get(a.unit_id, a.text)} — nhiệm vụ {', '.join(shared[key])}"
            label = _chip(cls, first_task[task.id], title, words, badge)
            out.append((a.span.start, a.span.end, cls, label))
        d = task.deadline
        if d is not None and d.span is not None and (d.span.start, d.span.end, "dl") not in seen:
            seen.add((d.span.start, d.span.end, "dl"))
            due = f" (hạn {d.due})" if d.due else ""
            label = _chip("dl", first_task[task.id], f"Thời hạn (deadline){due} — nhiệm vụ {task.id}", "thời hạn")
            out.append((d.span.start, d.span.end, "dl", label))
    for unit in plan.units:
        for m in unit.mentions:
            if (m.start, m.end, unit.id) in assigned:
                continue
            label = _chip("u-other", unit_anchor[unit.id], f"Đơn vị (unit): {unit.name}", "đơn vị", "ĐV")
            out.append((m.start, m.end, "u-other", label))
    for ref in plan.legal_refs:
        name = " ".join(x for x in (ref.doc_type, ref.number_symbol or ref.title) if x)
        for m in ref.mentions:
            label = _chip("ref", ref_anchor[ref.id], f"Văn bản (legal reference): {name}", "văn bản")
            out.append((m.span.start, m.span.end, "ref", label))
    return sorted(out, key=lambda s: (s[0], -s[1], s[2]))


class TextView:
    """Renders one line at a time; the renderer is made once per page."""

    def __init__(self, spans: list[tuple[int, int, str, str]]) -> None:
        self.spans = spans
        self.starts = [s[0] for s in spans]
        self.renderer = SpanRenderer({
            "template": TEMPLATES,
            "colors": {label: COLOURS[cls] for _, _, cls, label in spans},
            "top_offset": 24,
            "span_label_offset": 14,
            "top_offset_step": 12,
        })
        self._longest = max((e - s for s, e, _, _ in spans), default=0)

    def line(self, text: str, start: int) -> str:
        """The HTML of the line `text` that starts at offset `start`."""
        end = start + len(text)
        lo = bisect.bisect_left(self.starts, start - self._longest)
        here = [(max(s, start) - start, min(e, end) - start, label) for s, e, _, label in self.spans[lo:]
                if s < end and e > start and s < e][: 10_000]
        here = [h for h in here if h[0] < h[1]]
        if not text.strip():
            return ""
        cuts = sorted({0, len(text), *(p for s, e, _ in here for p in (s, e))})
        tokens: list[str] = []
        bounds: list[tuple[int, int]] = []
        for a, b in zip(cuts, cuts[1:]):
            piece = text[a:b]
            inside = any(s <= a and b <= e for s, e, _ in here)
            # words of a highlighted piece are displaCy tokens (its lines break between them);
            # a plain piece is one token: displaCy writes it with one space after it
            parts = piece.split(" ") if inside else [piece.strip(" ")]
            pos = a
            for part in parts:
                if part:
                    at = text.index(part, pos)
                    tokens.append(part)
                    bounds.append((at, at + len(part)))
                    pos = at + len(part)
        starts = [b[0] for b in bounds]
        ends = [b[1] for b in bounds]
        spans = []
        for s, e, label in here:
            i = bisect.bisect_left(starts, s)
            j = bisect.bisect_left(ends, e)
            if i < len(tokens) and j >= i:
                spans.append({"start_token": i, "end_token": j + 1, "label": label})
        return self.renderer.render([{"text": text, "tokens": tokens, "spans": spans}])
