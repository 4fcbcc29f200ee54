"""Every export format (issue 6): read back with its own reader and checked against the plan, and
written twice to give byte-identical files."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from kehoach.pipeline.export import EXPORTERS, exporter
from kehoach.pipeline.graph import build_graph
from kehoach.pipeline.run import extract_plan

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "ninh-thuan-2017-ttdn.txt"
MY_FORMATS = ("csv", "xlsx", "ics", "graphml", "docx", "svg", "md-units")


@pytest.fixture(scope="module")
def plan():
    return extract_plan(SAMPLE)


@pytest.fixture(scope="module")
def names(plan):
    return {u.id: u.name for u in plan.units}


def _export(plan, name, out: Path) -> list[Path]:
    return exporter(name)(plan, out, "sample")


# --- determinism ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_same_plan_same_bytes(plan, name, tmp_path):
    first = _export(plan, name, tmp_path / "a")
    second = _export(plan, name, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_registry_names(plan):
    assert set(MY_FORMATS) <= set(EXPORTERS)


@pytest.mark.parametrize("name", ["xlsx", "docx"])
def test_office_zip_dates_are_the_document_anchor(plan, name, tmp_path):
    (path,) = _export(plan, name, tmp_path)
    with zipfile.ZipFile(path) as z:
        # the sample has no date line; its latest reference, Chỉ thị 26/CT-BTTTT, is of 21/6/2017
        assert {i.date_time for i in z.infolist()} == {(2017, 6, 21, 0, 0, 0)}


# --- CSV --------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_round_trip(plan, names, tmp_path):
    paths = {p.name.split(".")[1]: p for p in _export(plan, "csv", tmp_path)}
    assert set(paths) == {"sections", "tasks", "assignments", "units", "references", "findings"}
    tasks = _read_csv(paths["tasks"])
    assert [r["id"] for r in tasks] == [t.id for t in plan.tasks]
    for row, task in zip(tasks, plan.tasks):
        assert row["text"] == task.text
        assert row["parent_id"] == (task.section_id or "")
        assert row["lead_unit_ids"].split("; ") == (task.lead_units or [""])
        assert row["lead_units"] == "; ".join(names[u] for u in task.lead_units)
    iv1 = [r["outline"] for r in tasks if r["parent_id"] == "B.IV.1"]
    assert iv1 == ["B.IV.1#1", "B.IV.1#2"]
    assignments = _read_csv(paths["assignments"])
    assert len(assignments) == sum(len(t.assignments) for t in plan.tasks)
    assert {"task_id": "T:B.II.4:1", "unit_name": "Sở Nội vụ", "role": "lead", "vai_tro": "chủ trì"}.items() <= next(
        r for r in assignments if r["task_id"] == "T:B.II.4:1" and r["role"] == "lead").items()
    sections = _read_csv(paths["sections"])
    assert [(r["id"], r["parent_id"]) for r in sections] == [(s.id, s.parent_id or "") for s in plan.sections]
    assert len(_read_csv(paths["units"])) == len(plan.units)
    refs = _read_csv(paths["references"])
    assert next(r for r in refs if r["id"] == "ref:26/CT-BTTTT")["mentions"] == "5"
    assert len(_read_csv(paths["findings"])) == len(plan.findings)
    assert not paths["tasks"].read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_bom_for_excel(plan, tmp_path):
    from kehoach.pipeline.export.csv_export import export_csv

    paths = export_csv(plan, tmp_path, "sample", bom=True)
    assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in paths)
    assert _read_csv(paths[1])[0]["id"] == plan.tasks[0].id


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_round_trip(plan, tmp_path):
    from openpyxl import load_workbook

    (path,) = _export(plan, "xlsx", tmp_path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["sections", "tasks", "assignments", "units", "references", "findings"]
    ws = wb["tasks"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    assert [r["id"] for r in rows] == [t.id for t in plan.tasks]
    assert [r["text"] for r in rows] == [t.text for t in plan.tasks]
    assert next(r for r in rows if r["id"] == "T:B.II.3:1")["due"] == "2017-12-31"
    for sheet in wb.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
    assert 10 < ws.column_dimensions["F"].width <= 62  # the long `text` column is capped and wraps
    assert wb.properties.created.date() == date(2017, 6, 21)


# --- iCalendar --------------------------------------------------------------------------------


def test_ics_round_trip(plan, names, tmp_path):
    from icalendar import Calendar

    (path,) = _export(plan, "ics", tmp_path)
    cal = Calendar.from_ical(path.read_bytes())
    todos = {str(c["X-KEHOACH-TASK-ID"]): c for c in cal.walk("VTODO")}
    assert set(todos) == {t.id for t in plan.tasks if t.deadline}
    assert not list(cal.walk("VEVENT")) and all("DTEND" not in c for c in todos.values())

    ii3 = todos["T:B.II.3:1"]  # "Trong 6 tháng cuối năm 2017"
    assert ii3.decoded("DUE") == date(2017, 12, 31)
    assert ii3.decoded("DTSTART") == date(2017, 7, 1)
    assert ii3["ORGANIZER"].params["CN"] == names[plan.tasks[6].lead_units[0]] == "Sở Thông tin và Truyền thông"
    attendees = {str(a.params["CN"]): a.params["ROLE"] for a in ii3["ATTENDEE"]}
    assert attendees["Báo Ninh Thuận"] == "REQ-PARTICIPANT"
    assert attendees["Sở Thông tin và Truyền thông"] == "CHAIR"

    closing = todos["T:end:1"]  # "trước ngày 30/11 hằng năm"
    rule = closing["RRULE"]
    assert (rule["FREQ"], rule["BYMONTH"], rule["BYMONTHDAY"]) == (["YEARLY"], [11], [30])
    assert closing.decoded("DUE") == date(2017, 11, 30)
    assert closing.decoded("DTSTART") < closing.decoded("DUE")

    ii1 = todos["T:B.II.1:1"]  # "Hàng tháng hoặc Quý"
    assert ii1["RRULE"]["FREQ"] == ["MONTHLY"]
    assert "hằng tháng hoặc hằng quý" in str(ii1["DESCRIPTION"])
    for c in todos.values():
        assert c.decoded("DTSTAMP").date() == date(2017, 6, 21)


def test_ics_ongoing_deadline_has_a_note():
    from icalendar import Calendar

    from kehoach.pipeline.export.ics_export import ONGOING_NOTE, plan_to_ics

    text = """KẾ HOẠCH
Tuyên truyền phổ biến pháp luật

II. NHIỆM VỤ
1. Tổ chức tuyên truyền pháp luật cho nhân dân trên địa bàn.
Đơn vị chủ trì: Sở Tư pháp
Đơn vị phối hợp: Sở Thông tin và Truyền thông
Thời gian thực hiện: Thường xuyên
"""
    plan = extract_plan(text, name="ongoing.txt")
    task = next(t for t in plan.tasks if t.deadline)
    assert task.deadline.ongoing
    (todo,) = Calendar.from_ical(plan_to_ics(plan)).walk("VTODO")
    assert "DUE" not in todo and "RRULE" not in todo
    assert str(todo["DESCRIPTION"]).startswith(ONGOING_NOTE)
    assert "thường xuyên" in [str(c) for c in todo["CATEGORIES"].cats]


@pytest.mark.parametrize("deadline, anchor, rule, first_due", [
    # (Deadline fields, anchor date, RRULE parts, first DUE): one row per recurrence kind
    ({"text": "trước ngày 30/11 hằng năm", "recurrence": "yearly", "day_month": "30/11"}, date(2017, 12, 5),
     {"FREQ": "YEARLY", "BYMONTH": 11, "BYMONTHDAY": 30}, date(2018, 11, 30)),
    ({"text": "hằng quý", "recurrence": "quarterly"}, date(2017, 6, 21),
     {"FREQ": "MONTHLY", "INTERVAL": 3, "BYMONTHDAY": -1}, date(2017, 6, 30)),
    ({"text": "trước ngày 25 hằng tháng", "recurrence": "monthly", "day_month": "25"}, date(2017, 6, 26),
     {"FREQ": "MONTHLY", "BYMONTHDAY": 25}, date(2017, 7, 25)),
    ({"text": "6 tháng một lần", "recurrence": "half-yearly"}, date(2017, 7, 2),
     {"FREQ": "MONTHLY", "INTERVAL": 6, "BYMONTHDAY": -1}, date(2017, 12, 31)),
])
def test_recurrence_rules(deadline, anchor, rule, first_due):
    from kehoach.pipeline.export.ics_export import recurrence_rule
    from kehoach.schemas import Deadline

    assert recurrence_rule(Deadline(**deadline), anchor) == (rule, first_due)


# --- GraphML and node-link JSON ---------------------------------------------------------------


def test_graphml_round_trip(plan, tmp_path):
    graphml, node_link = _export(plan, "graphml", tmp_path)
    g = build_graph(plan)
    back = nx.read_graphml(graphml, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert list(back.nodes) == list(g.nodes)
    assert sorted(back.edges(keys=True)) == sorted(g.edges(keys=True))
    assert back.nodes["T:B.II.3:1"]["due"] == "2017-12-31"
    assert back.nodes["T:B.II.3:1"]["order"] == 6  # ints stay ints
    assert back.nodes["doc"]["is_draft"] is True  # booleans stay booleans
    assert back.nodes["T:B.IV.3:1"]["lead_units"] == "; ".join(plan.tasks[17].lead_units)

    data = json.loads(node_link.read_text(encoding="utf-8"))
    again = nx.node_link_graph(data, edges="edges")
    assert sorted(again.edges(keys=True)) == sorted(g.edges(keys=True))
    assert again.nodes["T:B.IV.3:1"]["lead_units"] == plan.tasks[17].lead_units  # lists kept in JSON


# --- DOCX -------------------------------------------------------------------------------------


def test_docx_round_trip(plan, names, tmp_path):
    import docx
    from docx.shared import Pt

    (path,) = _export(plan, "docx", tmp_path)
    d = docx.Document(str(path))
    text = [p.text for p in d.paragraphs]
    assert text[:2] == ["PHỤ LỤC", "PHÂN CÔNG NHIỆM VỤ"]
    assert any(t.startswith("(Kèm theo Kế hoạch số") for t in text)
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"]
    task_rows = [[c.text for c in r.cells] for r in table.rows[1:] if r.cells[0].text.isdigit()]
    assert len(task_rows) == len(plan.tasks)
    for row, task in zip(task_rows, plan.tasks):
        assert row[1] == task.text
        assert row[2] == "; ".join(names[u] for u in task.lead_units)
        assert row[3] == "; ".join(names[u] for u in task.support_units)
    groups = [r.cells[0].text for r in table.rows[1:] if not r.cells[0].text.isdigit()]
    assert groups == ["II. CÁC NỘI DUNG TRIỂN KHAI", groups[1], "IV. TỔ CHỨC THỰC HIỆN", "Yêu cầu chung"]
    normal = d.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(13))
    sec = d.sections[0]
    assert (round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)) == (29.7, 21.0)  # A4 landscape
    assert d.core_properties.modified.date() == date(2017, 6, 21)


# --- SVG and PNG ------------------------------------------------------------------------------


def test_svg_and_png(plan, tmp_path):
    from xml.etree import ElementTree

    from PIL import Image

    svg, png = _export(plan, "svg", tmp_path)
    root = ElementTree.parse(svg).getroot()
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert {f"task:{t.id}" for t in plan.tasks} <= ids
    assert {f"unit:{u.id}" for u in plan.units} <= ids
    with Image.open(png) as im:
        assert im.format == "PNG" and im.size[0] > 1000 and im.size[1] > 600


def test_svg_labels_are_cut_at_words():
    from kehoach.pipeline.export.svg_export import _short

    assert _short("Tích cực, chủ động, kịp thời thông tin tuyên truyền chủ trương, đường lối", 60) == \
        "Tích cực, chủ động, kịp thời thông tin tuyên truyền chủ…"


# --- Markdown per unit ------------------------------------------------------------------------


def test_checklist_per_unit(plan, names, tmp_path):
    paths = _export(plan, "md-units", tmp_path)
    assert paths[0].name == "README.md"
    leads = {u for t in plan.tasks for u in t.lead_units}
    assert {p.stem for p in paths[1:]} == leads
    tttt = next(u.id for u in plan.units if u.name == "Sở Thông tin và Truyền thông")
    text = (tmp_path / "sample.units" / f"{tttt}.md").read_text(encoding="utf-8")
    assert text.startswith("# Sở Thông tin và Truyền thông\n")
    assert "## Chủ trì (7)" in text and "## Phối hợp (4)" in text
    assert text.count("- [ ] ") == 11
