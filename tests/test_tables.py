"""Tables of assignments and tables that assign nothing, as real documents write them.

Real phrasings: an appendix of a 2025 Đồng Nai digital-economy plan (rows numbered "1.1", "2.3"
under group rows, "Đơn vị thực hiện | Đơn vị phối hợp"), a Nghệ An civil-defence plan and a Hồ Chí
Minh City decision (group rows "I | KIỆN TOÀN …" over rows with leads), the budget norms of Hà Nội
and Vĩnh Long resolutions ("Đơn vị tính"), a Thanh Hóa aquaculture plan (sampling sites with X/Y
coordinates) and a Cần Thơ emulation plan (a scoring table).
"""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from conftest import plan_of, surfaces
from kehoach.pipeline.read import read_document
from kehoach.pipeline.read.docx import _Cell, _group_text
from kehoach.pipeline.run import extract_plan

DONG_NAI = """II. NHIỆM VỤ
1. Phát triển hạ tầng số theo Phụ lục kèm theo.
PHỤ LỤC
DANH MỤC NHIỆM VỤ PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ
(Kèm theo Kế hoạch số 179/KH-UBND ngày 18 tháng 11 năm 2025)
STT | Nhiệm vụ, giải pháp | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm đầu ra
I | Hoàn thiện thể chế
1.1 | Rà soát, xây dựng, sửa đổi, bổ sung các quy định pháp luật cho phù hợp với sự phát triển kinh tế số | Sở Tư pháp | Các sở, ban, ngành | 2026 - 2030 | Văn bản
II | Phát triển hạ tầng
2.1 | Triển khai hạ tầng số và hạ tầng bưu chính | Sở Khoa học và Công nghệ | Các doanh nghiệp viễn thông | 2026 - 2030 | Kế hoạch
2.2 | Triển khai lộ trình số hoá lĩnh vực giao thông và hạ tầng đô thị | Sở Xây dựng | Các sở, ban, ngành | 2026 - 2030 | Kế hoạch
"""


def test_rows_numbered_under_group_rows_with_their_leads():
    plan = plan_of(DONG_NAI)
    rows = [t for t in plan.tasks if t.found_by == "table"]
    assert [surfaces(plan, t, "lead") for t in rows] == [["Sở Tư pháp"], ["Sở Khoa học và Công nghệ"], ["Sở Xây dựng"]]
    assert surfaces(plan, rows[1], "support") == ["Các doanh nghiệp viễn thông"]
    # The group rows are the appendix's sections, and the rows hang under them.
    by_id = {s.id: s for s in plan.sections}
    assert [by_id[t.section_id].heading for t in rows] == ["Hoàn thiện thể chế", "Phát triển hạ tầng", "Phát triển hạ tầng"]


@pytest.mark.parametrize("table", [
    # Hà Nội, budget norms for law-making: "Đơn vị tính" is the unit of measure.
    "STT | Nội dung chi | Đơn vị tính | Mức chi | Ghi chú\n1 | Báo cáo rà soát, đề xuất hoàn thiện thể chế\n"
    "1.1 | Báo cáo của Ban Chỉ đạo | 01 Báo cáo | 50\n1.2 | Báo cáo của các Sở, Ban, ngành Thành phố | 01 Báo cáo | 5\n",
    # Vĩnh Long, exam spending norms.
    "TT | Nội dung chi | Đơn vị tính | Mức chi\n1 | Chi ra đề thi chính thức và dự bị | Đề | 1.500.000\n"
    "2 | Hội đồng coi thi | Người/ngày | 300.000\n",
])
def test_a_unit_of_measure_column_names_no_body(table):
    plan = plan_of(f"PHỤ LỤC\nNỘI DUNG CHI VÀ MỨC CHI\n{table}")
    assert [t for t in plan.tasks if t.found_by == "table"] == []


def test_a_table_that_assigns_nothing_gives_sections_but_no_tasks():
    # Thanh Hóa: sampling sites under group rows; rows of two cells name a river mouth.
    plan = plan_of("PHỤ LỤC III\nVỊ TRÍ LẤY MẪU QUAN TRẮC MÔI TRƯỜNG NUÔI TRỒNG THỦY SẢN NĂM 2026\n"
                   "TT | Địa điểm quan trắc | Tọa độ lấy mẫu\nX | Y\n"
                   "I | Nguồn nước cấp nuôi tôm nước lợ\n"
                   "1 | Cửa sông lạch Càn: khu vực cấp nước chung cho vùng nuôi tôm Nga Tân | 2210567 | 606959\n"
                   "3 | Cửa sông lạch Trường\n3.1 | Khu vực nước cấp cho vùng nuôi tôm Xuân Lộc | 2199743 | 594115\n"
                   "II | Môi trường ao nuôi tôm đại diện\n1 | Ao nuôi tôm thẻ chân trắng tại xã Nga Sơn | 2210111 | 606100\n")
    assert plan.tasks == []
    assert [s.heading for s in plan.sections if s.marker == "roman"] == [
        "Nguồn nước cấp nuôi tôm nước lợ", "Môi trường ao nuôi tôm đại diện"]


def test_text_under_a_group_row_of_a_scoring_table_is_no_task():
    # Cần Thơ: the scoring rules of an emulation plan.
    plan = plan_of("PHỤ LỤC\nTHANG ĐIỂM THI ĐUA PHONG TRÀO VẬN ĐỘNG\n"
                   "STT | TIÊU CHÍ THI ĐUA | ĐIỂM CHUẨN | HƯỚNG DẪN CHẤM ĐIỂM\nI | NHÓM XÃ, PHƯỜNG | 115\n"
                   "1 | Tỷ lệ % người hưởng trợ cấp xã hội chưa có tài khoản được tuyên truyền | 20 | Đạt 100%: 20 điểm\n"
                   "II | NHÓM TỔ CHỨC CUNG CẤP DỊCH VỤ CHI TRẢ\n"
                   "Căn cứ vào số lượng người hưởng trợ cấp xã hội mở mới tài khoản để xếp loại từ cao xuống thấp.\n")
    assert plan.tasks == []


@pytest.mark.parametrize("body, heading", [
    # Hồ Chí Minh City: a bare "PHỤ LỤC" over its title line.
    ("PHỤ LỤC\nNHIỆM VỤ CỦA CÁC SỞ, BAN, NGÀNH, PHƯỜNG, XÃ, ĐẶC KHU\n(Kèm theo Quyết định số 2820/QĐ-UBND)\n",
     "PHỤ LỤC NHIỆM VỤ CỦA CÁC SỞ, BAN, NGÀNH, PHƯỜNG, XÃ, ĐẶC KHU"),
    # Bắc Ninh: the title on the label's line.
    ("PHỤ LỤC DANH MỤC THỦ TỤC HÀNH CHÍNH NỘI BỘ\n(Kèm theo Quyết định số 1509/QĐ-UBND)\n",
     "PHỤ LỤC DANH MỤC THỦ TỤC HÀNH CHÍNH NỘI BỘ"),
    # Thanh Hóa: a numbered appendix over its title.
    ("PHỤ LỤC II\nDỰ TOÁN KINH PHÍ THỰC HIỆN\n", "PHỤ LỤC II DỰ TOÁN KINH PHÍ THỰC HIỆN"),
])
def test_an_appendix_heading_is_its_whole_title(body, heading):
    plan = plan_of(f"I. MỤC ĐÍCH\n1. Bảo đảm thực hiện.\n{body}")
    assert [s.heading for s in plan.sections if s.marker == "appendix"] == [heading]


@pytest.mark.parametrize("texts, group", [
    (["I", "Cải cách thể chế", "", ""], "I. Cải cách thể chế"),
    (["X", "Y", "", ""], None),  # the coordinate columns of a sampling-site table
])
def test_word_group_rows(texts, group):
    cells = [_Cell(k, 1, t, None, [t]) for k, t in enumerate(texts)]
    assert _group_text(cells) == group


def test_a_page_pasted_into_word_reads_like_the_saved_page(tmp_path: Path):
    """A portal page pasted into Word comes as one layout table whose short rows are padded with
    empty cells; the appendix's header row rides on the row that holds the document."""
    page = (Path(__file__).parent / "fixtures" / "web" / "ke-hoach-980.page").read_text(encoding="utf-8")
    rows = page.splitlines()
    width = max(r.count(" | ") + 1 for r in rows)
    document = docx.Document()
    table = document.add_table(rows=0, cols=width)
    for row in rows:
        cells = row.split(" | ")
        if len(cells) == 1:
            document.add_paragraph(row)
            continue
        new = table.add_row().cells
        for k, text in enumerate(cells):
            new[k].text = text
    path = tmp_path / "page.docx"
    document.save(path)
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    from_word, from_text = extract_plan(path), extract_plan(tmp_path / "page.txt")
    assert read_document(path).metadata
    assert len(from_text.tasks) >= 5
    assert [(t.title, t.lead_units) for t in from_word.tasks] == [(t.title, t.lead_units) for t in from_text.tasks]


def test_a_header_without_its_number_column():
    # The Đồng Nai plan's second table repeats its header without "STT" over numbered rows.
    plan = plan_of("PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n"
                   "I | Phát triển kinh tế số, xã hội số nông nghiệp và môi trường\n"
                   "Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm\n"
                   "1.1 | Xây dựng và tổ chức triển khai Kế hoạch phát triển kinh tế số trong lĩnh vực nông nghiệp | "
                   "Sở Nông nghiệp và Môi trường | Các sở, ban, ngành; UBND các phường xã | 2026 - 2030 | Kế hoạch\n"
                   "1.2 | Triển khai Nền tảng dữ liệu số nông nghiệp | Sở Nông nghiệp và Môi trường | Các sở, ban, ngành | "
                   "2026 - 2030 | Nền tảng\n")
    rows = [t for t in plan.tasks if t.found_by == "table"]
    assert [t.title.split()[0] for t in rows] == ["Xây", "Triển"]
    assert all(surfaces(plan, t, "lead") == ["Sở Nông nghiệp và Môi trường"] for t in rows)
    assert surfaces(plan, rows[0], "support") == ["Các sở, ban, ngành", "UBND các phường xã"]


def test_a_row_without_a_support_cell_names_its_supporting_bodies_in_its_duty():
    # A notice of the Government Office (624/TB-VPCP): rows with a lead column but no column of
    # supporting bodies, whose duty says "phối hợp với …"; a body named twice counts once.
    plan = plan_of("PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n"
                   "TT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn\n"
                   "1 | Chủ trì, phối hợp với Bộ Tài chính xây dựng Đề án “Xây dựng Hạ tầng tính toán hiệu năng cao”; "
                   "phối hợp với Bộ Tài chính về nguồn vốn. | Bộ Khoa học và Công nghệ | 2025\n"
                   "2 | Chủ trì, phối hợp với các bộ, ngành xây dựng Trung tâm giám sát, điều hành an ninh mạng quốc gia "
                   "| Bộ Công an | 2026\n"
                   "3 | Bộ Tài chính chủ trì, phối hợp với Bộ Khoa học và Công nghệ và Ủy ban nhân dân TP. Hà Nội rà soát "
                   "Dự án | Bộ Tài chính | 2025\n")
    rows = [t for t in plan.tasks if t.found_by == "table"]
    assert [surfaces(plan, t, "support") for t in rows] == [
        ["Bộ Tài chính"],
        ["các bộ, ngành"],  # "xây dựng Trung tâm …" is the duty, not the construction sector
        ["Bộ Khoa học và Công nghệ", "Ủy ban nhân dân TP. Hà Nội"],
    ]
