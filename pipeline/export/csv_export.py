"""The plan as flat tables, written as CSV: sections, tasks, assignments, units, references, findings.

`plan_tables(plan)` builds the tables once; the CSV writer here and the XLSX writer both use it, so
the two formats always carry the same columns. Every table has the plan's own ids; `parent_id` and
`outline` let an importer rebuild the hierarchy (section → section → task):

- sections: id, parent_id, outline (the label as printed: "II", "2", "a"), level, marker, heading, line
- tasks: tt (1, 2, … in document order), id, parent_id (= section id), outline (section id, with
  "#2" for the second task of a section), title, text, lead/support units (names and ids, "; "
  between two), deadline fields, form, product, legal_refs, found_by, line
- assignments: one row per task × unit × role (vai trò: chủ trì, phối hợp, …)
- units, references, findings: one row per item

Lists are joined with "; " (Vietnamese unit names contain commas: "Sở Văn hóa, Thể thao và Du
lịch"). Files are UTF-8 with "\\r\\n" row ends (RFC 4180); `bom=True` adds the byte-order mark that
Excel needs to read UTF-8 ("Ủy ban" instead of "á»¦y ban").
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from kehoach.schemas import Plan

SEP = "; "
"""Joins list items in one cell."""

TABLES = ("sections", "tasks", "assignments", "units", "references", "findings")


def _join(items) -> str:
    return SEP.join(str(x) for x in items)


def _cell(value):
    if value is None:
        return ""
    return value


def task_outline(plan: Plan) -> dict[str, str]:
    """Return task id → outline number: its section id, with "#n" when the section holds several.

    Ví dụ: the two tasks under "1. Sở Thông tin và Truyền thông" in IV → "B.IV.1#1", "B.IV.1#2".
    """
    count: dict[str | None, int] = {}
    for t in plan.tasks:
        count[t.section_id] = count.get(t.section_id, 0) + 1
    seen: dict[str | None, int] = {}
    out = {}
    for t in plan.tasks:
        seen[t.section_id] = seen.get(t.section_id, 0) + 1
        base = t.section_id or "end"
        out[t.id] = f"{base}#{seen[t.section_id]}" if count[t.section_id] > 1 else base
    return out


def plan_tables(plan: Plan) -> dict[str, tuple[list[str], list[list]]]:
    """Return table name → (header, rows), rows in document order, cells str/int/bool ("" for none).

    Ví dụ: plan_tables(plan)["assignments"][1][0] → ["T:B.II.2.a:1", "so-van-hoa-the-thao-va-du-lich",
    "Sở Văn hóa, Thể thao và Du lịch", "lead", "chủ trì", "Sở Văn hóa, Thể thao và Du lịch", 46].
    """
    from kehoach.pipeline.graph import ROLE_VI

    names = {u.id: u.name for u in plan.units}
    name = lambda uid: names.get(uid, uid)  # noqa: E731
    outline = task_outline(plan)
    tables: dict[str, tuple[list[str], list[list]]] = {}

    tables["sections"] = (
        ["id", "parent_id", "outline", "level", "marker", "heading", "line"],
        [[s.id, s.parent_id, s.label, s.level, s.marker, s.heading, s.line] for s in plan.sections],
    )
    rows = []
    for i, t in enumerate(plan.tasks, 1):
        d = t.deadline
        rows.append([
            i, t.id, t.section_id, outline[t.id], t.title, t.text,
            _join(name(u) for u in t.lead_units), _join(t.lead_units),
            _join(name(u) for u in t.support_units), _join(t.support_units),
            d.text if d else None, d.start if d else None, d.due if d else None,
            d.recurrence if d else None, bool(d and d.ongoing),
            t.form, t.product, _join(t.legal_ref_ids), t.found_by, t.line,
        ])
    tables["tasks"] = (
        ["tt", "id", "parent_id", "outline", "title", "text", "lead_units", "lead_unit_ids",
         "support_units", "support_unit_ids", "deadline", "start", "due", "recurrence", "ongoing",
         "form", "product", "legal_refs", "found_by", "line"],
        rows,
    )
    tables["assignments"] = (
        ["task_id", "unit_id", "unit_name", "role", "vai_tro", "text", "line"],
        [[t.id, a.unit_id, name(a.unit_id), a.role, ROLE_VI[a.role], a.text, a.line]
         for t in plan.tasks for a in t.assignments],
    )
    led: dict[str, int] = {}
    supported: dict[str, int] = {}
    for t in plan.tasks:
        for u in t.lead_units:
            led[u] = led.get(u, 0) + 1
        for u in t.support_units:
            supported[u] = supported.get(u, 0) + 1
    tables["units"] = (
        ["id", "name", "kind", "level", "collective", "resolved_name", "until", "successors", "aliases",
         "tasks_led", "tasks_supported"],
        [[u.id, u.name, u.kind, u.level, u.collective, u.resolved_name, u.until, _join(u.successors),
          _join(u.aliases), led.get(u.id, 0), supported.get(u.id, 0)] for u in plan.units],
    )
    citing: dict[str, list[str]] = {}
    for t in plan.tasks:
        for r in t.legal_ref_ids:
            citing.setdefault(r, []).append(t.id)
    tables["references"] = (
        ["id", "doc_type", "number_symbol", "date", "issuer", "title", "family", "is_basis", "pinpoints",
         "mentions", "lines", "task_ids"],
        [[r.id, r.doc_type, r.number_symbol, r.date, r.issuer, r.title, r.family, r.is_basis,
          _join(r.pinpoints), len(r.mentions), _join(m.line for m in r.mentions), _join(citing.get(r.id, []))]
         for r in plan.legal_refs],
    )
    tables["findings"] = (
        ["code", "severity", "message", "suggestion", "ref_id", "task_id", "unit_id", "line"],
        [[f.code, f.severity, f.message, f.suggestion, f.ref_id, f.task_id, f.unit_id, f.line] for f in plan.findings],
    )
    return {k: (h, [[_cell(c) for c in row] for row in rows]) for k, (h, rows) in tables.items()}


def table_to_csv(header: list[str], rows: list[list], *, bom: bool = False) -> bytes:
    """Return one table as CSV bytes (UTF-8, "\\r\\n" rows, booleans as true/false).

    Ví dụ: table_to_csv(["id", "name"], [["so-noi-vu", "Sở Nội vụ"]]) → b"id,name\\r\\nso-noi-vu,S\\xe1\\xbb\\x9f N\\xe1\\xbb\\x99i v\\xe1\\xbb\\xa5\\r\\n".
    """
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["true" if c is True else "false" if c is False else c for c in row])
    return ("\ufeff" if bom else "").encode("utf-8") + buf.getvalue().encode("utf-8")


def export_csv(plan: Plan, out_dir: Path, stem: str, *, bom: bool = False) -> list[Path]:
    """Write OUT/<stem>.<table>.csv for each table; return their paths.

    Ví dụ: export_csv(plan, Path("out"), "ninh-thuan") → [out/ninh-thuan.sections.csv, …tasks.csv, …].
    """
    from kehoach.pipeline.export import write_atomic

    return [write_atomic(Path(out_dir) / f"{stem}.{name}.csv", table_to_csv(header, rows, bom=bom))
            for name, (header, rows) in plan_tables(plan).items()]


def export_csv_excel(plan: Plan, out_dir: Path, stem: str) -> list[Path]:
    """Write the same CSV files with a UTF-8 byte-order mark, for Excel. Ví dụ: "Sở Nội vụ" reads right in Excel."""
    return export_csv(plan, out_dir, stem, bom=True)
