"""What changed between two versions of a plan: `diff_plans(old, new) -> PlanDiff`.

Typical use: the draft (dự thảo) against the signed text. Tasks are matched by their wording, not
by position or id, because inserting one item renumbers every id after it:

1. Each task's *wording* is its text with the parts other fields carry masked out: the units
   written in it (they are compared as assignments), its deadline phrase (compared as the
   deadline) and its legal references with a date right after them (compared as citations).
   Words are compared casefolded; punctuation and spacing are ignored.
2. Every old × new pair gets a similarity (difflib ratio over words). Pairs in the same section
   need 0.5, pairs across sections 0.75 (a moved task keeps most of its words); the best pairs are
   taken first, a small bonus going to the same section and to a near position.
3. A matched pair is *moved* when its section id changed, *reworded* when its wording differs,
   *reassigned* when its lead (chủ trì) or supporting (phối hợp) units differ, has a *deadline
   changed* when the phrase or its dates differ, and *citations changed* when it cites other
   references. Unmatched old tasks are *removed*, unmatched new ones *added*.
4. References and units are compared by id over the whole plan.

`register(subparsers)` adds `kehoach diff OLD NEW [--format text|json]`.
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from kehoach.schemas import Plan, Task

__all__ = ["PlanDiff", "diff_plans", "task_wording", "register"]

SAME_SECTION_MIN = 0.5
"""Least similarity to pair two tasks of the same section."""
OTHER_SECTION_MIN = 0.75
"""Least similarity to pair two tasks of different sections (a move)."""
SAME_SECTION_BONUS = 0.1
MASK = "◊"
_WORD = re.compile(r"\w+")
_DATE_AFTER_REF = re.compile(r"\s*,?\s*ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}")
"""A date written right after a reference, "Hướng dẫn số 1310/HD-SNV ngày 16/5/2017": part of the citation."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TaskItem(_Model):
    id: str = Field(description="Task id in its own version.")
    section_id: Optional[str] = Field(None, description="Section id in its own version.")
    title: str = Field(description="The task's first clause.")
    line: int = Field(description="Line in its own version.")


class TaskChange(_Model):
    old_id: str = Field(description="Task id in the old version.")
    new_id: str = Field(description="Task id in the new version.")
    title: str = Field(description="Title in the new version.")
    similarity: float = Field(description="Similarity of the wordings, 0–1 (1 = same words).")
    old_section: Optional[str] = None
    new_section: Optional[str] = None
    old_text: Optional[str] = Field(None, description="For a rewording: the old text.")
    new_text: Optional[str] = Field(None, description="For a rewording: the new text.")
    wording_changes: list[str] = Field(default_factory=list, description="Changed word runs, '- old' and '+ new'.")
    lead_added: list[str] = Field(default_factory=list, description="Unit ids that lead in the new version only.")
    lead_removed: list[str] = Field(default_factory=list, description="Unit ids that led in the old version only.")
    support_added: list[str] = Field(default_factory=list)
    support_removed: list[str] = Field(default_factory=list)
    old_deadline: Optional[str] = Field(None, description="Old deadline phrase, with its due date.")
    new_deadline: Optional[str] = None
    refs_added: list[str] = Field(default_factory=list, description="Reference ids the task cites in the new version only.")
    refs_removed: list[str] = Field(default_factory=list)


class RefItem(_Model):
    id: str
    label: str


class UnitItem(_Model):
    id: str
    name: str


class PlanDiff(_Model):
    old_file: str
    new_file: str
    tasks_matched: int = Field(description="Tasks found in both versions (changed or not).")
    tasks_added: list[TaskItem] = Field(default_factory=list)
    tasks_removed: list[TaskItem] = Field(default_factory=list)
    tasks_moved: list[TaskChange] = Field(default_factory=list, description="Section id changed.")
    tasks_reworded: list[TaskChange] = Field(default_factory=list)
    tasks_reassigned: list[TaskChange] = Field(default_factory=list, description="Lead or supporting units changed.")
    deadlines_changed: list[TaskChange] = Field(default_factory=list)
    citations_changed: list[TaskChange] = Field(default_factory=list, description="The task cites other references.")
    refs_added: list[RefItem] = Field(default_factory=list)
    refs_removed: list[RefItem] = Field(default_factory=list)
    units_added: list[UnitItem] = Field(default_factory=list, description="Units named in the new version only.")
    units_removed: list[UnitItem] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the two versions assign the same tasks the same way."""
        return not any(getattr(self, f) for f in type(self).model_fields if isinstance(getattr(self, f), list))


def task_wording(task: Task, plan: Plan) -> str:
    """Return the task's text with units, deadline and references masked, casefolded, one space between words.

    Ví dụ: "Triển khai Hướng dẫn số 1310/HD-SNV ngày 16/5/2017 của Sở Nội vụ" → "triển khai ◊ của ◊"
    (when "Sở Nội vụ" is an assignment of the task).
    """
    base, end = task.span.start, task.span.end
    text = task.text
    masks: list[tuple[int, int, bool]] = []  # (start, end, is a reference) in document offsets
    if len(text) == end - base:  # otherwise the text is not a plain slice: nothing to mask safely
        masks += [(a.span.start, a.span.end, False) for a in task.assignments]
        if task.deadline and task.deadline.span:
            masks.append((task.deadline.span.start, task.deadline.span.end, False))
        masks += [(m.span.start, m.span.end, True) for r in plan.legal_refs for m in r.mentions]
    pieces, cursor = [], 0
    for s, e, is_ref in sorted((max(s, base) - base, min(e, end) - base, r) for s, e, r in masks if s < end and e > base):
        s = max(s, cursor)
        if e <= s:
            continue
        pieces += [text[cursor:s], f" {MASK} "]
        cursor = e
        if is_ref and (m := _DATE_AFTER_REF.match(text, e)):
            cursor = m.end()
    pieces.append(text[cursor:])
    return " ".join(re.findall(rf"\w+|{MASK}", "".join(pieces).casefold()))


def _similarity(a: list[str], b: list[str]) -> float:
    if a == b:
        return 1.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < SAME_SECTION_MIN or sm.quick_ratio() < SAME_SECTION_MIN:
        return sm.quick_ratio()
    return sm.ratio()


def _wording_changes(a: list[str], b: list[str]) -> list[str]:
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            out.append("- " + " ".join(a[i1:i2]))
        if op in ("replace", "insert"):
            out.append("+ " + " ".join(b[j1:j2]))
    return out


def _deadline_text(task: Task) -> Optional[str]:
    d = task.deadline
    if d is None:
        return None
    extra = d.due or d.recurrence or ("thường xuyên" if d.ongoing else None)
    return f"{d.text} ({extra})" if extra else d.text


def _deadline_key(task: Task):
    d = task.deadline
    if d is None:
        return None
    return (" ".join(d.text.casefold().split()), d.start, d.due, d.recurrence, d.day_month, d.ongoing)


def _item(t: Task) -> TaskItem:
    return TaskItem(id=t.id, section_id=t.section_id, title=t.title, line=t.line)


def _ref_label(plan: Plan) -> dict[str, str]:
    return {r.id: " ".join(x for x in (r.doc_type, r.number_symbol) if x) if r.number_symbol
            else (r.title or (r.mentions[0].text if r.mentions else r.id)) for r in plan.legal_refs}


def match_tasks(old: Plan, new: Plan) -> list[tuple[int, int, float]]:
    """Return (old index, new index, similarity) for the tasks found in both versions.

    Ví dụ: item "5. Phát hiện, nhân rộng …" moved from II to I is matched across sections.
    """
    ow = [task_wording(t, old).split() for t in old.tasks]
    nw = [task_wording(t, new).split() for t in new.tasks]
    n_old, n_new = max(len(ow), 1), max(len(nw), 1)
    candidates = []
    for i, (ot, a) in enumerate(zip(old.tasks, ow)):
        for j, (nt, b) in enumerate(zip(new.tasks, nw)):
            sim = _similarity(a, b)
            same = ot.section_id == nt.section_id
            if sim < (SAME_SECTION_MIN if same else OTHER_SECTION_MIN):
                continue
            near = 1 - abs(i / n_old - j / n_new)
            score = sim + (SAME_SECTION_BONUS if same else 0) + 0.01 * near
            candidates.append((-score, i, j, sim))
    candidates.sort()
    used_old, used_new, pairs = set(), set(), []
    for _, i, j, sim in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j, round(sim, 3)))
    return sorted(pairs)


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """Return every change from `old` to `new`: tasks added, removed, moved, reworded, reassigned,
    with deadlines or citations changed; references and units added or removed.

    Ví dụ: "Đơn vị chủ trì: Sở Kế hoạch và Đầu tư" → "Đơn vị chủ trì: Sở Ngoại vụ" under B.II.2.c gives
    tasks_reassigned[0].lead_removed == ["so-ke-hoach-va-dau-tu"], lead_added == ["so-ngoai-vu"].
    """
    pairs = match_tasks(old, new)
    diff = PlanDiff(old_file=old.source.file, new_file=new.source.file, tasks_matched=len(pairs))
    matched_old = {i for i, _, _ in pairs}
    matched_new = {j for _, j, _ in pairs}
    diff.tasks_removed = [_item(t) for i, t in enumerate(old.tasks) if i not in matched_old]
    diff.tasks_added = [_item(t) for j, t in enumerate(new.tasks) if j not in matched_new]
    for i, j, sim in pairs:
        ot, nt = old.tasks[i], new.tasks[j]
        base = dict(old_id=ot.id, new_id=nt.id, title=nt.title, similarity=sim)
        if ot.section_id != nt.section_id:
            diff.tasks_moved.append(TaskChange(**base, old_section=ot.section_id, new_section=nt.section_id))
        a, b = task_wording(ot, old).split(), task_wording(nt, new).split()
        if a != b:
            diff.tasks_reworded.append(TaskChange(**base, old_text=ot.text, new_text=nt.text,
                                                  wording_changes=_wording_changes(a, b)))
        lead = (set(ot.lead_units), set(nt.lead_units))
        support = (set(ot.support_units), set(nt.support_units))
        if lead[0] != lead[1] or support[0] != support[1]:
            diff.tasks_reassigned.append(TaskChange(
                **base,
                lead_added=[u for u in nt.lead_units if u not in lead[0]],
                lead_removed=[u for u in ot.lead_units if u not in lead[1]],
                support_added=[u for u in nt.support_units if u not in support[0]],
                support_removed=[u for u in ot.support_units if u not in support[1]],
            ))
        if _deadline_key(ot) != _deadline_key(nt):
            diff.deadlines_changed.append(TaskChange(**base, old_deadline=_deadline_text(ot), new_deadline=_deadline_text(nt)))
        if set(ot.legal_ref_ids) != set(nt.legal_ref_ids):
            diff.citations_changed.append(TaskChange(
                **base,
                refs_added=[r for r in nt.legal_ref_ids if r not in ot.legal_ref_ids],
                refs_removed=[r for r in ot.legal_ref_ids if r not in nt.legal_ref_ids],
            ))
    old_refs, new_refs = _ref_label(old), _ref_label(new)
    diff.refs_added = [RefItem(id=r, label=new_refs[r]) for r in new_refs if r not in old_refs]
    diff.refs_removed = [RefItem(id=r, label=old_refs[r]) for r in old_refs if r not in new_refs]
    old_units = {u.id: u.name for u in old.units}
    new_units = {u.id: u.name for u in new.units}
    diff.units_added = [UnitItem(id=u, name=n) for u, n in new_units.items() if u not in old_units]
    diff.units_removed = [UnitItem(id=u, name=n) for u, n in old_units.items() if u not in new_units]
    return diff


# ---------------------------------------------------------------- command line


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def print_diff(diff: PlanDiff, names: dict[str, str], out=None) -> None:
    """Print the diff as tables (rich). `names` maps unit ids to names, from both versions."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out or sys.stdout, width=None if out is None else 120)
    n = lambda ids: "; ".join(names.get(u, u) for u in ids)  # noqa: E731
    console.print(f"[bold]{diff.old_file}[/bold] → [bold]{diff.new_file}[/bold]: {diff.tasks_matched} tasks in both")
    if diff.empty:
        console.print("No changes in tasks, assignments, deadlines, references or units.")
        return
    t = Table(title="Nhiệm vụ (tasks)", show_lines=True)
    for col in ("Thay đổi", "Cũ", "Mới", "Chi tiết"):
        t.add_column(col)
    for x in diff.tasks_added:
        t.add_row("thêm (added)", "", x.id, _short(x.title))
    for x in diff.tasks_removed:
        t.add_row("bỏ (removed)", x.id, "", _short(x.title))
    for x in diff.tasks_moved:
        t.add_row("chuyển mục (moved)", x.old_id, x.new_id, f"{x.old_section} → {x.new_section}: {_short(x.title, 50)}")
    for x in diff.tasks_reworded:
        t.add_row("sửa nội dung (reworded)", x.old_id, x.new_id,
                  f"{x.similarity:.0%} giống; " + " ".join(_short(c, 60) for c in x.wording_changes[:6]))
    for x in diff.tasks_reassigned:
        parts = []
        if x.lead_removed or x.lead_added:
            parts.append(f"chủ trì: −{n(x.lead_removed) or '∅'} +{n(x.lead_added) or '∅'}")
        if x.support_removed or x.support_added:
            parts.append(f"phối hợp: −{n(x.support_removed) or '∅'} +{n(x.support_added) or '∅'}")
        t.add_row("đổi đơn vị (reassigned)", x.old_id, x.new_id, "\n".join(parts))
    for x in diff.deadlines_changed:
        t.add_row("đổi thời hạn (deadline)", x.old_id, x.new_id, f"{x.old_deadline or '∅'} → {x.new_deadline or '∅'}")
    for x in diff.citations_changed:
        t.add_row("đổi văn bản dẫn (citations)", x.old_id, x.new_id,
                  f"−{', '.join(x.refs_removed) or '∅'} +{', '.join(x.refs_added) or '∅'}")
    if t.row_count:
        console.print(t)
    t = Table(title="Văn bản và đơn vị (references and units)")
    t.add_column("Thay đổi")
    t.add_column("Id")
    t.add_column("Tên")
    for x in diff.refs_added:
        t.add_row("thêm văn bản", x.id, x.label)
    for x in diff.refs_removed:
        t.add_row("bỏ văn bản", x.id, x.label)
    for x in diff.units_added:
        t.add_row("thêm đơn vị", x.id, x.name)
    for x in diff.units_removed:
        t.add_row("bỏ đơn vị", x.id, x.name)
    if t.row_count:
        console.print(t)


def cmd_diff(args: argparse.Namespace) -> int:
    from kehoach.pipeline.errors import KehoachError
    from kehoach.pipeline.graph import load_plan

    try:
        old, new = load_plan(args.old), load_plan(args.new)
    except KehoachError as exc:
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 1
    diff = diff_plans(old, new)
    if args.format == "json":
        sys.stdout.write(diff.model_dump_json(indent=2) + "\n")
    else:
        names = {u.id: u.name for u in old.units} | {u.id: u.name for u in new.units}
        print_diff(diff, names)
    return 0


def register(subparsers) -> argparse.ArgumentParser:
    """Add `kehoach diff OLD NEW [--format text|json]`; return its parser.

    Ví dụ: kehoach diff du-thao.docx ban-ky.pdf
    """
    p = subparsers.add_parser(
        "diff",
        help="what changed between two versions of a plan (e.g. the draft and the signed text)",
        description="Compare two versions of a plan: tasks added, removed, moved, reworded, reassigned, "
        "deadlines and citations changed, references and units added or removed. OLD and NEW are any "
        "documents kehoach reads, or plan .json files.",
    )
    p.add_argument("old", metavar="OLD", help="the earlier version (document or plan .json)")
    p.add_argument("new", metavar="NEW", help="the later version (document or plan .json)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="tables (default) or JSON")
    p.set_defaults(func=cmd_diff)
    return p
