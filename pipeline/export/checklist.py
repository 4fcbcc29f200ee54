"""The plan as a Markdown checklist grouped by lead unit (chủ trì).

One `- [ ]` line per task with its section id, short title, supporting units and deadline; tasks
with two lead units appear under each; a last group holds the tasks with no lead unit.
"""
from __future__ import annotations

from kehoach.schemas import Plan, Task


def _deadline(task: Task) -> str:
    d = task.deadline
    if d is None:
        return ""
    if d.due:
        return f" — hạn: {d.text} ({d.due})"
    return f" — thời gian: {d.text}"


def plan_to_checklist(plan: Plan) -> str:
    """Return the checklist as Markdown text ending in a newline."""
    names = {u.id: u.name for u in plan.units}
    doc = plan.document
    title = " ".join(x for x in (doc.doc_type, doc.number_symbol) if x) or plan.source.file
    out = [f"# {title}", ""]
    if doc.title:
        out += [f"_{doc.title}_", ""]
    if doc.issuer or doc.date:
        out += [" · ".join(x for x in (doc.issuer, doc.date) if x), ""]
    out += [f"{len(plan.tasks)} tasks, {len({u for t in plan.tasks for u in t.lead_units})} lead units.", ""]
    groups: dict[str, list[Task]] = {}
    for task in plan.tasks:
        for uid in task.lead_units or [""]:
            groups.setdefault(uid, []).append(task)
    order = [u.id for u in plan.units if u.id in groups] + ([""] if "" in groups else [])
    for uid in order:
        header = names.get(uid, "Chưa xác định đơn vị chủ trì (no lead unit)") if uid else "Chưa xác định đơn vị chủ trì (no lead unit)"
        out += [f"## {header}", ""]
        for task in groups[uid]:
            where = f"[{task.section_id}] " if task.section_id else ""
            support = ", ".join(names[s] for s in task.support_units)
            support = f" — phối hợp: {support}" if support else ""
            out.append(f"- [ ] {where}{task.title}{support}{_deadline(task)} (line {task.line})")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def export_checklist(plan: Plan, out_dir, stem: str) -> list:
    """Write OUT/<stem>.checklist.md."""
    from pathlib import Path

    from kehoach.pipeline.export import write_atomic

    return [write_atomic(Path(out_dir) / f"{stem}.checklist.md", plan_to_checklist(plan))]
