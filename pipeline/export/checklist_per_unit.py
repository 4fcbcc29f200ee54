"""One Markdown checklist per lead unit (chủ trì): what each unit must do, ready to send to it.

A unit that leads at least one task gets OUT/<stem>.units/<unit-id>.md with two lists: the tasks
it leads (chủ trì), then the tasks it supports (phối hợp), each in document order with its section
id, title, the other units and the deadline. Units that only support get no file (their tasks are
in their lead units' files and in the whole-plan checklist). An index, OUT/<stem>.units/README.md,
lists the files.
"""
from __future__ import annotations

from pathlib import Path

from kehoach.schemas import Plan, Task

UNITS_DIR = "{stem}.units"


def _deadline(task: Task) -> str:
    d = task.deadline
    if d is None:
        return ""
    return f" — hạn: {d.text} ({d.due})" if d.due else f" — thời gian: {d.text}"


def _title(plan: Plan) -> str:
    doc = plan.document
    return " ".join(x for x in (doc.doc_type, doc.number_symbol) if x) or plan.source.file


def unit_checklists(plan: Plan) -> dict[str, str]:
    """Return lead unit id → its checklist as Markdown text ending in a newline.

    Ví dụ: "so-noi-vu" → "# Sở Nội vụ … ## Chủ trì (1) - [ ] [B.II.4] Tổ chức có hiệu quả phong trào
    thi đua … — phối hợp: Sở Thông tin và Truyền thông; …".
    """
    names = {u.id: u.name for u in plan.units}
    name = lambda uid: names.get(uid, uid)  # noqa: E731
    leads = [u.id for u in plan.units if any(u.id in t.lead_units for t in plan.tasks)]
    out = {}
    for uid in leads:
        led = [t for t in plan.tasks if uid in t.lead_units]
        supported = [t for t in plan.tasks if uid in t.support_units]
        lines = [f"# {name(uid)}", "", f"Nhiệm vụ theo {_title(plan)}"
                 + (f": _{plan.document.title}_" if plan.document.title else ""), ""]
        lines += [f"## Chủ trì ({len(led)})", ""]
        for t in led:
            others = [name(u) for u in t.lead_units if u != uid]
            with_ = f" — cùng chủ trì: {'; '.join(others)}" if others else ""
            support = f" — phối hợp: {'; '.join(name(u) for u in t.support_units)}" if t.support_units else ""
            lines.append(f"- [ ] [{t.section_id or 'kết luận'}] {t.title}{with_}{support}{_deadline(t)} (line {t.line})")
        lines.append("")
        if supported:
            lines += [f"## Phối hợp ({len(supported)})", ""]
            for t in supported:
                lead = "; ".join(name(u) for u in t.lead_units) or "chưa xác định"
                lines.append(f"- [ ] [{t.section_id or 'kết luận'}] {t.title} — chủ trì: {lead}{_deadline(t)} (line {t.line})")
            lines.append("")
        out[uid] = "\n".join(lines).rstrip("\n") + "\n"
    return out


def export_checklist_per_unit(plan: Plan, out_dir: Path, stem: str) -> list[Path]:
    """Write OUT/<stem>.units/<unit-id>.md for each lead unit and OUT/<stem>.units/README.md.

    Ví dụ: export_checklist_per_unit(plan, Path("out"), "ninh-thuan") → [out/ninh-thuan.units/README.md,
    out/ninh-thuan.units/so-van-hoa-the-thao-va-du-lich.md, …].
    """
    from kehoach.pipeline.export import write_atomic

    folder = Path(out_dir) / UNITS_DIR.format(stem=stem)
    names = {u.id: u.name for u in plan.units}
    lists = unit_checklists(plan)
    index = [f"# {_title(plan)}: nhiệm vụ theo đơn vị chủ trì", ""]
    index += [f"- [{names.get(uid, uid)}]({uid}.md)" for uid in lists]
    paths = [write_atomic(folder / "README.md", "\n".join(index) + "\n")]
    paths += [write_atomic(folder / f"{uid}.md", text) for uid, text in lists.items()]
    return paths
