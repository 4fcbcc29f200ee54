"""The plan as a Word appendix, "Phụ lục phân công nhiệm vụ" (python-docx), ready to attach.

The usual layout of an assignment appendix: a centred bold title "PHỤ LỤC" and "PHÂN CÔNG NHIỆM
VỤ", an italic line "(Kèm theo Kế hoạch số …/KH-UBND ngày … của …)", then one table

    TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành | Sản phẩm

with a bold header row repeated on every page, and a bold merged row naming each part of the plan
("II. CÁC NỘI DUNG TRIỂN KHAI") before its tasks. A4 landscape (six columns do not fit the 16 cm
of a portrait page), margins as in Nghị định 30/2020/NĐ-CP (top/bottom 2 cm, left 3 cm, right
2 cm), Times New Roman 13 throughout. Blank fields of a draft (no number, no date) are printed as
dots, as a clerk would fill them in. Core properties and zip entries carry the plan's anchor date,
so the same plan gives the same bytes.
"""
from __future__ import annotations

import io
from pathlib import Path

from kehoach.pipeline.export.determinism import anchor_datetime, repack_zip
from kehoach.schemas import Plan, Section, Task

HEADERS = ("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm")
WIDTHS_CM = (1.2, 9.8, 4.2, 5.0, 3.2, 3.3)
"""Column widths; they add up to the 26.7 cm between the margins of a landscape A4 page."""

FONT = "Times New Roman"
FONT_SIZE_PT = 13
CLOSING_GROUP = "Yêu cầu chung"
"""Group heading for closing requests, which stand in no section."""


def _group_of(task: Task, sections: dict[str, Section]) -> str | None:
    """The section at level 2 (or the top one) above the task: the part the appendix groups by."""
    sid = task.section_id
    if sid is None:
        return None
    chain = []
    while sid is not None and sid in sections:
        chain.append(sections[sid])
        sid = sections[sid].parent_id
    chain.reverse()
    if not chain:
        return None
    return chain[min(1, len(chain) - 1)].id


def _group_title(section: Section) -> str:
    return f"{section.label}. {section.heading}"


def _deadline(task: Task) -> str:
    d = task.deadline
    if d is None:
        return ""
    return d.text[:1].upper() + d.text[1:]


def _caption(plan: Plan) -> str:
    doc = plan.document
    kind = (doc.doc_type or "Kế hoạch").capitalize()
    number = doc.number_symbol or "……"
    when = "ngày …/…/……"
    if doc.date:
        y, m, d = doc.date.split("-")
        when = f"ngày {int(d):02d}/{int(m):02d}/{y}"
    issuer = f" của {doc.issuer}" if doc.issuer else ""
    return f"(Kèm theo {kind} số {number} {when}{issuer})"


def plan_to_docx(plan: Plan) -> bytes:
    """Return the .docx as bytes.

    Ví dụ: row "1 | Tích cực, chủ động, kịp thời thông tin tuyên truyền … | Sở Văn hóa, Thể thao và
    Du lịch | Sở Thông tin và Truyền thông; Các sở, ban, ngành liên quan; … | | ".
    """
    try:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt
    except ImportError:  # pragma: no cover - depends on the install
        from kehoach.pipeline.errors import KehoachError

        raise KehoachError("the docx format needs python-docx: pip install python-docx") from None

    names = {u.id: u.name for u in plan.units}
    sections = {s.id: s for s in plan.sections}
    document = Document()

    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(FONT_SIZE_PT)
    # Word picks the font of Vietnamese letters from the east-Asian and complex-script slots too
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(0)

    sec = document.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.top_margin = sec.bottom_margin = Cm(2)
    sec.left_margin, sec.right_margin = Cm(3), Cm(2)

    def para(text: str, *, bold=False, italic=False, center=True, space_after=0):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.space_after = Pt(space_after)
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        return p

    para("PHỤ LỤC", bold=True)
    para("PHÂN CÔNG NHIỆM VỤ", bold=True)
    if plan.document.title:
        para(plan.document.title, bold=True)
    para(_caption(plan), italic=True, space_after=12)

    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False

    def fill(cell, text: str, *, bold=False, center=False):
        cell.text = ""
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        run = p.add_run(text)
        run.bold = bold

    header = table.rows[0]
    for cell, text in zip(header.cells, HEADERS):
        fill(cell, text, bold=True, center=True)
    # repeat the header row on every page
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)

    current_group: object = object()
    for number, task in enumerate(plan.tasks, 1):
        group = _group_of(task, sections)
        if group != current_group:
            current_group = group
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[-1])
            fill(merged, _group_title(sections[group]) if group else CLOSING_GROUP, bold=True)
        row = table.add_row()
        cells = row.cells
        fill(cells[0], str(number), center=True)
        fill(cells[1], task.text)
        fill(cells[2], "; ".join(names.get(u, u) for u in task.lead_units))
        fill(cells[3], "; ".join(names.get(u, u) for u in task.support_units))
        fill(cells[4], _deadline(task), center=True)
        fill(cells[5], task.product or "")

    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS_CM):
            cell.width = Cm(width)

    when = anchor_datetime(plan).replace(tzinfo=None)
    props = document.core_properties
    props.title = "Phụ lục phân công nhiệm vụ"
    props.subject = plan.document.title or ""
    props.author = plan.generator
    props.last_modified_by = plan.generator
    props.comments = f"{plan.source.file} ({plan.source.sha256[:16]})"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return repack_zip(buf.getvalue(), when)


def export_docx(plan: Plan, out_dir: Path, stem: str) -> list[Path]:
    """Write OUT/<stem>.phu-luc.docx. Ví dụ: export_docx(plan, Path("out"), "ninh-thuan") → [out/ninh-thuan.phu-luc.docx]."""
    from kehoach.pipeline.export import write_atomic

    return [write_atomic(Path(out_dir) / f"{stem}.phu-luc.docx", plan_to_docx(plan))]
