"""The plan as an Excel workbook (openpyxl): the CSV tables, one sheet each.

Each sheet has its header row frozen and bold, an autofilter over the whole table, and column
widths measured on the Vietnamese text (long columns such as `text` are capped and wrapped). Core
properties (created, modified) carry the plan's anchor date and the archive is repacked with fixed
entry dates, so the same plan gives the same bytes.
"""
from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

from kehoach.pipeline.export.csv_export import plan_tables
from kehoach.pipeline.export.determinism import anchor_datetime, repack_zip
from kehoach.schemas import Plan

MAX_WIDTH = 60
"""Widest column, in characters; wider text wraps."""


def _width(value) -> int:
    """Display width in characters: combining marks (NFD tone marks) take no room."""
    text = unicodedata.normalize("NFC", str(value))
    return max((len(line) for line in text.split("\n")), default=0)


def plan_to_xlsx(plan: Plan) -> bytes:
    """Return the workbook as bytes.

    Ví dụ: sheet "tasks", row 2: tt=1, id="T:B.II.1:1", outline="B.II.1", title="Tiếp tục quán triệt …".
    """
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:  # pragma: no cover - depends on the install
        from kehoach.pipeline.errors import KehoachError

        raise KehoachError("the xlsx format needs openpyxl: pip install openpyxl") from None

    when = anchor_datetime(plan).replace(tzinfo=None)
    wb = Workbook()
    wb.remove(wb.active)
    for name, (header, rows) in plan_tables(plan).items():
        ws = wb.create_sheet(name)
        ws.append(header)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        for i, col in enumerate(header, 1):
            widest = max([_width(col)] + [_width(r[i - 1]) for r in rows])
            ws.column_dimensions[get_column_letter(i)].width = min(widest + 2, MAX_WIDTH)
            if widest > MAX_WIDTH:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    title = " ".join(x for x in (plan.document.doc_type, plan.document.number_symbol) if x)
    wb.properties.title = title or plan.source.file
    wb.properties.subject = plan.document.title
    wb.properties.creator = plan.generator
    wb.properties.lastModifiedBy = plan.generator
    wb.properties.created = when
    wb.properties.modified = when
    buf = io.BytesIO()
    # Workbook.save() stamps `modified` with the clock; ExcelWriter writes the properties as set
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return repack_zip(buf.getvalue(), when)


def export_xlsx(plan: Plan, out_dir: Path, stem: str) -> list[Path]:
    """Write OUT/<stem>.xlsx. Ví dụ: export_xlsx(plan, Path("out"), "ninh-thuan") → [out/ninh-thuan.xlsx]."""
    from kehoach.pipeline.export import write_atomic

    return [write_atomic(Path(out_dir) / f"{stem}.xlsx", plan_to_xlsx(plan))]
