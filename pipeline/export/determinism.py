"""Fixed dates and zip repacking, so every export is byte-identical for the same plan.

Formats that want a timestamp (iCalendar DTSTAMP, Office core properties, zip entry dates) get one
derived from the plan, never from the clock: `anchor_date(plan)`. Office files (xlsx, docx) are zip
archives whose writers stamp each entry with the current time; `repack_zip` rewrites them with one
fixed date, in the writer's own entry order.
"""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone

from kehoach.schemas import Plan

FALLBACK_DATE = date(1980, 1, 1)
"""Used when the plan holds no date at all: the earliest date a zip entry can carry."""


def anchor_date(plan: Plan) -> date:
    """Return the date an export is stamped with: the document's date of issue, else the latest
    date the plan knows (legal references cited, deadline starts), else 1980-01-01.

    A draft with its date left blank ("ngày … tháng … năm 2017") still gets a stable stamp close to
    when it was written. Ví dụ: the Ninh Thuận sample has no date line and cites "Chỉ thị số
    26/CT-BTTTT ngày 21/6/2017" → 2017-06-21.
    """
    if plan.document.date:
        return date.fromisoformat(plan.document.date)
    # references are dated before the document that cites them; deadline starts may lie after it
    for dates in ([r.date for r in plan.legal_refs if r.date],
                  [t.deadline.start for t in plan.tasks if t.deadline and t.deadline.start]):
        if dates:
            return date.fromisoformat(max(dates))
    return FALLBACK_DATE


def anchor_datetime(plan: Plan) -> datetime:
    """Return `anchor_date(plan)` at midnight UTC. Ví dụ: 2017-06-21T00:00:00+00:00."""
    d = anchor_date(plan)
    return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)


def repack_zip(data: bytes, when: datetime) -> bytes:
    """Return the zip archive `data` with every entry dated `when` and fixed entry metadata.

    Ví dụ: repack_zip(xlsx_bytes, datetime(2017, 6, 21)) → the same workbook, byte-stable.
    """
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine wrote it
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()
