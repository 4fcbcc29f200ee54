"""The plan's deadlines as an iCalendar file (RFC 5545, `icalendar` package): one VTODO per task
that has a deadline.

How a `Deadline` becomes properties:

- a due date → ``DUE;VALUE=DATE`` (a to-do is due, it does not end: never DTEND); a known start
  before it → ``DTSTART``;
- a recurring deadline → ``RRULE`` and a first ``DUE``: "trước ngày 30/11 hằng năm" →
  ``FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30``, first due 30/11 on or after the anchor date;
  "hằng quý" → every 3 months on the last day of the quarter; "hằng tháng" → last day of each
  month (or the stated day); "hằng tháng hoặc quý" → monthly, with the choice noted. RFC 5545 wants
  a DTSTART beside an RRULE and DUE later than DTSTART, so DTSTART is the day before DUE;
- "thường xuyên" (ongoing, no fixed date) and phrases without a date → no DUE, and the
  DESCRIPTION starts with a plain note saying so; CATEGORIES holds "thường xuyên".

Units: the first lead unit (chủ trì) is the ORGANIZER (a ``urn:kehoach:unit:<id>`` address with
its name as CN, since units have no e-mail); every lead unit is an ATTENDEE with ROLE=CHAIR and
every supporting unit (phối hợp) an ATTENDEE with ROLE=REQ-PARTICIPANT, a unit that receives the
report ("báo cáo về Sở …") an ATTENDEE with ROLE=NON-PARTICIPANT; their names are also in
CATEGORIES, which most calendar programs show. ``X-KEHOACH-TASK-ID`` and the UID carry the task id.

DTSTAMP is the plan's anchor date (document date), never the clock: same plan, same bytes.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path

from kehoach.pipeline.export.determinism import anchor_date, anchor_datetime
from kehoach.schemas import Deadline, Plan, Task

PRODID = "-//kehoach//kehoach Vietnamese plan extractor//VI"

ONGOING_NOTE = "Thường xuyên: không có thời hạn cố định (ongoing, no fixed date)."
UNDATED_NOTE = "Chưa xác định được ngày hoàn thành từ văn bản (no date could be read): “{text}”."
CHOICE_NOTE = "Văn bản cho phép hằng tháng hoặc hằng quý; lịch này lặp hằng tháng."


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _next_day_month(anchor: date, day: int, month: int) -> date:
    """First day/month on or after `anchor` (29/02 falls back to 28/02 in other years)."""
    for year in (anchor.year, anchor.year + 1):
        d = date(year, month, min(day, calendar.monthrange(year, month)[1]))
        if d >= anchor:
            return d
    raise AssertionError("unreachable")


def recurrence_rule(deadline: Deadline, anchor: date) -> tuple[dict, date] | None:
    """Return (RRULE parts, first due date) for a recurring deadline, or None.

    Ví dụ: "trước ngày 30/11 hằng năm" with anchor 2017-06-21 →
    ({"FREQ": "YEARLY", "BYMONTH": 11, "BYMONTHDAY": 30}, date(2017, 11, 30)).
    """
    rec = deadline.recurrence
    if not rec:
        return None
    dm = (deadline.day_month or "").split("/")
    day = int(dm[0]) if dm and dm[0].isdigit() else None
    month = int(dm[1]) if len(dm) > 1 and dm[1].isdigit() else None
    if rec == "yearly":
        if day and month:
            return {"FREQ": "YEARLY", "BYMONTH": month, "BYMONTHDAY": day}, _next_day_month(anchor, day, month)
        return {"FREQ": "YEARLY", "BYMONTH": 12, "BYMONTHDAY": 31}, date(anchor.year, 12, 31)
    if rec in ("monthly", "monthly|quarterly"):
        if day:
            first = date(anchor.year, anchor.month, min(day, calendar.monthrange(anchor.year, anchor.month)[1]))
            if first < anchor:
                nxt = _month_end(anchor.year, anchor.month) + timedelta(days=1)
                first = date(nxt.year, nxt.month, min(day, calendar.monthrange(nxt.year, nxt.month)[1]))
            return {"FREQ": "MONTHLY", "BYMONTHDAY": day}, first
        return {"FREQ": "MONTHLY", "BYMONTHDAY": -1}, _month_end(anchor.year, anchor.month)
    if rec == "quarterly":
        q_end_month = ((anchor.month - 1) // 3 + 1) * 3
        return {"FREQ": "MONTHLY", "INTERVAL": 3, "BYMONTHDAY": -1}, _month_end(anchor.year, q_end_month)
    if rec == "half-yearly":
        h_end_month = 6 if anchor.month <= 6 else 12
        return {"FREQ": "MONTHLY", "INTERVAL": 6, "BYMONTHDAY": -1}, _month_end(anchor.year, h_end_month)
    if rec == "weekly":
        return {"FREQ": "WEEKLY"}, anchor
    if rec == "daily":
        return {"FREQ": "DAILY"}, anchor
    return None


def _address(unit_id: str, name: str, **params):
    from icalendar import vCalAddress

    addr = vCalAddress(f"urn:kehoach:unit:{unit_id}")
    addr.params["CN"] = name
    for k, v in params.items():
        addr.params[k] = v
    return addr


def _todo(task: Task, plan: Plan, names: dict[str, str], anchor: date):
    from icalendar import Todo

    d = task.deadline
    assert d is not None
    todo = Todo()
    todo.add("uid", f"{task.id}@{plan.source.sha256[:16]}.kehoach")
    todo.add("dtstamp", anchor_datetime(plan))
    todo.add("summary", f"[{task.section_id or 'kết luận'}] {task.title}")
    notes = []
    categories = []
    rule = recurrence_rule(d, anchor)
    if d.ongoing:
        notes.append(ONGOING_NOTE)
        categories.append("thường xuyên")
    elif rule:
        parts, first = rule
        todo.add("dtstart", first - timedelta(days=1))
        todo.add("due", first)
        todo.add("rrule", parts)
        if d.recurrence == "monthly|quarterly":
            notes.append(CHOICE_NOTE)
    elif d.due:
        due = date.fromisoformat(d.due)
        if d.start and date.fromisoformat(d.start) < due:
            todo.add("dtstart", date.fromisoformat(d.start))
        todo.add("due", due)
    else:
        notes.append(UNDATED_NOTE.format(text=d.text))
    notes.append(f"Thời hạn: {d.text}")
    if task.lead_units:
        notes.append("Chủ trì: " + "; ".join(names.get(u, u) for u in task.lead_units))
    if task.support_units:
        notes.append("Phối hợp: " + "; ".join(names.get(u, u) for u in task.support_units))
    if task.product:
        notes.append(f"Sản phẩm: {task.product}")
    notes.append("")
    notes.append(task.text)
    notes.append(f"({plan.source.file}, dòng {task.line}, {task.id})")
    todo.add("description", "\n".join(notes))
    todo.add("status", "NEEDS-ACTION")
    if task.lead_units:
        first = task.lead_units[0]
        todo.add("organizer", _address(first, names.get(first, first)))
    for u in task.lead_units:
        todo.add("attendee", _address(u, names.get(u, u), ROLE="CHAIR"))
    for u in task.support_units:
        todo.add("attendee", _address(u, names.get(u, u), ROLE="REQ-PARTICIPANT"))
    receivers = [a.unit_id for a in task.assignments if a.role == "report_to"]
    for u in receivers:
        todo.add("attendee", _address(u, names.get(u, u), ROLE="NON-PARTICIPANT"))
    categories += ["chủ trì: " + names.get(u, u) for u in task.lead_units]
    categories += ["phối hợp: " + names.get(u, u) for u in task.support_units]
    categories += ["nhận báo cáo: " + names.get(u, u) for u in receivers]
    if categories:
        todo.add("categories", categories)
    todo.add("x-kehoach-task-id", task.id)
    return todo


def plan_to_ics(plan: Plan) -> bytes:
    """Return the iCalendar file as bytes (CRLF lines, folded at 75 octets).

    Ví dụ: the closing request "báo cáo … trước ngày 30/11 hằng năm" → a VTODO with
    DUE;VALUE=DATE:20171130 and RRULE:FREQ=YEARLY;BYMONTHDAY=30;BYMONTH=11.
    """
    try:
        from icalendar import Calendar
    except ImportError:  # pragma: no cover - depends on the install
        from kehoach.pipeline.errors import KehoachError

        raise KehoachError("the ics format needs icalendar: pip install icalendar") from None
    names = {u.id: u.name for u in plan.units}
    anchor = anchor_date(plan)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    title = " ".join(x for x in (plan.document.doc_type, plan.document.number_symbol) if x)
    cal.add("x-wr-calname", f"{title or plan.source.file}: {plan.document.title or ''}".rstrip(": "))
    for task in plan.tasks:
        if task.deadline is not None:
            cal.add_component(_todo(task, plan, names, anchor))
    return cal.to_ical()


def export_ics(plan: Plan, out_dir: Path, stem: str) -> list[Path]:
    """Write OUT/<stem>.ics. Ví dụ: export_ics(plan, Path("out"), "ninh-thuan") → [out/ninh-thuan.ics]."""
    from kehoach.pipeline.export import write_atomic

    return [write_atomic(Path(out_dir) / f"{stem}.ics", plan_to_ics(plan))]
